"""The funnel of a call as bars: widths in percent of the dossiers started."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# DSFR colours (presentation attributes of an inline SVG: allowed by the CSP, unlike style="").
BLUE, GREEN, ORANGE, GREY, PURPLE = "#000091", "#18753c", "#b34000", "#666666", "#6e445a"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int
    colour: str


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def bars(counts: dict) -> list[Bar]:
    total = counts["started"]
    rows = [
        (_("Dossiers commencés"), counts["started"], BLUE),
        (_("Brouillons complets"), counts["complete_drafts"], GREEN),
        (_("Brouillons incomplets"), counts["incomplete_drafts"], ORANGE),
        (_("Dossiers déposés"), counts["submitted"], BLUE),
        (_("Dossiers retirés"), counts["withdrawn"], GREY),
    ]
    rows += [
        (_("Déposés, 1er vœu %(profile)s") % {"profile": profile.label}, count, PURPLE)
        for profile, count in counts["first_wish_profiles"].items()
    ]
    return [Bar(label, count, _percent(count, total), colour) for label, count, colour in rows]


def proposal_bars(counts: dict) -> list[Bar]:
    """The stages of a call for challenges, in percent of the proposals submitted."""
    total = counts["proposed"]
    rows = [
        (_("Propositions déposées"), counts["proposed"], BLUE),
        (_("Présélectionnées"), counts["preselected"], BLUE),
        (_("Auditionnées"), counts["auditioned"], PURPLE),
        (_("Retenues par le jury"), counts["selected"], GREEN),
        (_("Validées"), counts["validated"], GREEN),
        (_("Publiées"), counts["published"], GREEN),
    ]
    return [Bar(label, count, _percent(count, total), colour) for label, count, colour in rows]
