"""Who may see the approvers' pages (/validation/): the people holding the approver role, nobody else.

Règlement 2020 art. 6.5: « la liste finale des candidats sélectionnés est présentée et validée
par le directeur de la direction interministérielle du numérique ». The role is given on
purpose (Role.APPROVER); being on the programme team is not enough: staff prepare the
proposal, they do not validate it. Everyone else, signed in or not, gets 404: the area does
not say it exists (ARCHITECTURE.md, "an object a user may not see answers 404").

An approver's decision fixes the promotion (or lets a call's selected challenges be published),
so the area asks for two-factor authentication,
as evaluation and the juries do: an approver without a TOTP authenticator is sent to set one
up first.
"""

from django.utils.translation import gettext_lazy as _

from eig.accounts.models import Role
from eig.web.common.two_factor import two_factor_required


def is_approver(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_role(Role.APPROVER))


approver_only = two_factor_required(
    is_approver,
    _(
        "La validation des promotions et des défis exige la double authentification : "
        "activez une application d'authentification pour continuer."
    ),
)
