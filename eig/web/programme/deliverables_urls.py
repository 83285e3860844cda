"""URLs of the team pages of results and memory: deliverables (issue 16)."""

urlpatterns = []
