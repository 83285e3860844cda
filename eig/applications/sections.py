"""The wishes as a section of the application dossier: named by the checklist
when missing, frozen in each submitted version."""

from django.utils.translation import gettext as _

from eig.calls.extensions import Section, register_section

from .queries import wishes_in_dossier, wishes_of


def _missing(dossier) -> list[str]:
    return [] if dossier.wishes.exists() else [_("Au moins un vœu parmi les postes proposés")]


def _content(dossier) -> list[dict]:
    return [
        {
            "rank": wish.rank,
            "position": wish.position_id,
            "challenge": wish.position.challenge.title,
            "profile": wish.position.profile.code,
        }
        for wish in wishes_of(dossier)
    ]


register_section(Section(key="wishes", applies=wishes_in_dossier, missing=_missing, content=_content))
