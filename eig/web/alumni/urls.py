"""The alumni's pages (/anciens/): the directory, one's own profile, the invitations (issue 16)."""

app_name = "alumni"

urlpatterns = []
