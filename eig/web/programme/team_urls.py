"""URLs of the ten months' team pages (views in team.py)."""

urlpatterns = []
