"""URLs of the team pages of results and memory: surveys (issue 16)."""

urlpatterns = []
