"""The candidate's personal data: download everything, delete the account."""

urlpatterns = []
