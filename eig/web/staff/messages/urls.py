"""URLs of eig/web/staff/messages (see __init__.py)."""

urlpatterns = []
