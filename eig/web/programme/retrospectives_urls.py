"""URLs of the ten months' retrospectives pages (views in retrospectives.py)."""

urlpatterns = []
