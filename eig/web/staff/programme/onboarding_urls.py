"""The programme team's URLs for the ten months' onboarding (views in onboarding.py)."""

urlpatterns = []
