"""Who may see the programme team's pages: the team (is_staff), with a second factor.

Everyone else, signed in or not, gets 404: the staff area does not say it
exists (ARCHITECTURE.md, "an object a user may not see answers 404").
The team reads every dossier, CV and score of a campaign: like reviewers, jurors
and approvers, a member without a TOTP authenticator is sent to set one up first
(security review F5).
"""

from django.utils.translation import gettext_lazy as _

from eig.web.common.two_factor import two_factor_required


def is_programme_team(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


staff_only = two_factor_required(
    is_programme_team,
    _(
        "Les pages de l'équipe du programme exigent la double authentification : "
        "activez une application d'authentification pour continuer."
    ),
)
