"""URLs of eig/web/staff/emails (see __init__.py)."""

urlpatterns = []
