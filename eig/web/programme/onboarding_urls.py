"""URLs of the ten months' onboarding pages (views in onboarding.py)."""

urlpatterns = []
