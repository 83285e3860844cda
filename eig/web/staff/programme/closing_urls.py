"""The programme team's URLs of results and memory: closing (issue 16)."""

urlpatterns = []
