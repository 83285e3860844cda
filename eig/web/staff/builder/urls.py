"""URLs of eig/web/staff/builder (see __init__.py)."""

urlpatterns = []
