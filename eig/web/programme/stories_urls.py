"""URLs of the team pages of results and memory: stories (issue 16)."""

urlpatterns = []
