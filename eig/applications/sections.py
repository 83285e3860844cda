"""The wishes as a section of the application dossier: named by the checklist
when missing, frozen in each submitted version, and a step of the dossier's own
(eig.calls.navigation places it; the candidates' space serves its page)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.calls.extensions import LAST, Section, SectionStep, register_section
from eig.calls.models import Call
from eig.core import prepared

from .models import Wish, WishWindow
from .queries import wishes_in_dossier, wishes_of

WISHES_SLUG = "voeux"


def _missing(dossier) -> list[str]:
    # The readers' pages bring the wishes along (prefetched); every step page asks without them, by a read
    # by equality (eig.core.prepared).
    prefetched = getattr(dossier, "_prefetched_objects_cache", {})
    has_wish = bool(prefetched["wishes"]) if "wishes" in prefetched else prepared.exists(Wish, dossier=dossier)
    return [] if has_wish else [_("Au moins un vœu parmi les postes proposés")]


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


def _position(dossier) -> int | None:
    """Second when the call asks for the wishes in the dossier: they frame the rest of it. In the
    2021 mode, last once staff opened the candidate's wish window after the pre-selection."""
    call = dossier.call
    if wishes_in_dossier(call):
        return 1
    if call.kind == Call.Kind.APPLICATIONS and WishWindow.objects.filter(dossier=dossier).exists():
        return LAST
    return None


register_section(
    Section(
        key="wishes",
        applies=wishes_in_dossier,
        missing=_missing,
        content=_content,
        step=SectionStep(slug=WISHES_SLUG, title=gettext_lazy("Vœux"), position=_position),
    )
)
