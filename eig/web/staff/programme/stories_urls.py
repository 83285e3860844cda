"""The programme team's URLs of results and memory: stories (issue 16)."""

urlpatterns = []
