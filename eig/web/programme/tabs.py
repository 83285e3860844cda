"""The team page's tabs: each part of the ten months adds the page it shows for a team.

`TABS` is an ordered list of `Tab(url_name, label, visible)`; `visible(membership)` says whether
the person (their `eig.programme.access.Membership` in the team) sees the tab. Every tab's URL
takes the challenge's id (`challenge=<int>`). A part adds its tab with a one-line, surgical
edit of `TABS` below (its pages still check access themselves: a hidden tab is no permission).
templates/programme/_team_tabs.html renders `visible_tabs(membership, current)` through
the `{% team_tabs membership %}` tag (eig/web/programme/templatetags/programme_team.py), which
takes the current tab from the request's URL name.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.programme.access import Membership


def everyone(membership: Membership) -> bool:
    return True


@dataclass(frozen=True)
class Tab:
    url_name: str
    label: str
    visible: Callable[[Membership], bool] = everyone


@dataclass(frozen=True)
class ShownTab:
    label: str
    url: str
    current: bool


TABS: list[Tab] = [
    Tab("programme:team", _("L'équipe")),
    Tab("programme:team_retrospectives", _("Bilans")),
    Tab("programme:team_notes", _("Mentorat")),
    Tab("programme:host_onboarding", _("Liste d'accueil"), lambda membership: membership.is_host),
    Tab("programme:deliverables", _("Réalisations")),
    Tab("programme:handover", _("Pérennisation")),
]


def visible_tabs(membership: Membership, current: str = "") -> list[ShownTab]:
    """The tabs the person sees in this team, with their URLs; `current` is the url name shown."""
    challenge_id = membership.challenge.pk
    return [
        ShownTab(str(tab.label), reverse(tab.url_name, kwargs={"challenge": challenge_id}), tab.url_name == current)
        for tab in TABS
        if tab.visible(membership)
    ]
