"""The programme team's URLs of results and memory: alumni (issue 16)."""

urlpatterns = []
