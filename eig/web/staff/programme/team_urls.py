"""The programme team's URLs for the ten months' team (views in team.py)."""

urlpatterns = []
