"""The programme team's URLs for the ten months' events (views in events.py)."""

urlpatterns = []
