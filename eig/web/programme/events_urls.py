"""URLs of the ten months' events pages (views in events.py)."""

urlpatterns = []
