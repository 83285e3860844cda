"""The programme team's URLs of results and memory: deliverables (issue 16)."""

urlpatterns = []
