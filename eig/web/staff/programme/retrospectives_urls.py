"""The programme team's URLs for the ten months' retrospectives (views in retrospectives.py)."""

urlpatterns = []
