"""The programme team's URLs of results and memory: alumni (issue 16; views in alumni.py)."""

from django.urls import path

from . import alumni

urlpatterns = [
    path("anciens/", alumni.alumni_list, name="alumni"),
    path("anciens/<int:alumnus>/inviter/", alumni.alumni_invite, name="alumni_invite"),
    path(
        "anciens/invitations/<int:invitation>/retirer/",
        alumni.alumni_invitation_withdraw,
        name="alumni_invitation_withdraw",
    ),
]
