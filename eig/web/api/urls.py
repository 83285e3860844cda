"""The public read-only API (/api/v1/): see docs/decisions/0004-api-library.md."""

urlpatterns = []
