"""The programme team's URLs of results and memory: surveys (issue 16)."""

urlpatterns = []
