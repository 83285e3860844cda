"""URLs of eig/web/staff/translations (see __init__.py)."""

urlpatterns = []
