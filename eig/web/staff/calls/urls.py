"""URLs of eig/web/staff/calls (see __init__.py)."""

urlpatterns = []
