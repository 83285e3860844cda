"""The programme team's URLs of results and memory: handover (issue 16)."""

urlpatterns = []
