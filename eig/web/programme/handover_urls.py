"""URLs of the team pages of results and memory: handover (issue 16)."""

urlpatterns = []
