"""State changes of wishes: one service each, logged, the server's clock deciding."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.calls.models import Dossier
from eig.calls.services import refuse_outside_call
from eig.calls.states import DOSSIER
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.validators import is_ascii_integer

from .models import Wish, WishWindow
from .queries import offered_positions, wishes_in_dossier


def _check_positions(dossier: Dossier, position_ids: list[int]) -> list[int]:
    given = [p if isinstance(p, int) else str(p).strip() for p in position_ids if p not in (None, "")]
    if not all(isinstance(p, int) or is_ascii_integer(p) for p in given):
        # A crafted POST (« abc », « ٣ » that int() would read as 3) names no offered position.
        raise DomainError(_("Un des postes choisis n'est pas proposé par cet appel."))
    ids = [int(p) for p in given]
    if len(ids) != len(set(ids)):
        raise DomainError(_("Un même poste ne peut être choisi qu'une fois."))
    limit = dossier.call.max_wishes
    if len(ids) > limit:
        raise DomainError(_("Cet appel accepte %(limit)d vœu(x) au plus.") % {"limit": limit})
    offered = set(offered_positions(dossier.call).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - offered:
        raise DomainError(_("Un des postes choisis n'est pas proposé par cet appel."))
    return ids


def _may_edit_wishes(dossier: Dossier, *, by, now):
    if not DOSSIER.is_in(dossier.status, "editable"):
        raise DomainError(_("Ce dossier a été retiré : il ne peut plus être modifié."))
    if wishes_in_dossier(dossier.call):
        refuse_outside_call(dossier.call, dossier, by=by, now=now, action="edit")
        return
    window = WishWindow.objects.filter(dossier=dossier).first()
    if window is None:
        raise DomainError(_("Les vœux seront demandés aux personnes retenues après la présélection."))
    if now >= window.closes_at:
        log_activity("dossier.late_wishes_refused", dossier, actor=by, at=now.isoformat())
        raise DomainError(_("Le recueil des vœux est clos : vos vœux enregistrés restent consultables."))


def set_wishes(dossier: Dossier, position_ids: list[int], *, by, now=None) -> list[Wish]:
    """Replace the dossier's wishes by these positions, ranked in the given order."""
    now = now or timezone.now()
    _may_edit_wishes(dossier, by=by, now=now)
    ids = _check_positions(dossier, position_ids)
    with transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).update(updated_at=now)
        Wish.objects.filter(dossier=dossier).delete()
        wishes = Wish.objects.bulk_create(
            [Wish(dossier=dossier, position_id=pid, rank=rank) for rank, pid in enumerate(ids, start=1)]
        )
        log_activity("dossier.wishes_set", dossier, actor=by, positions=ids)
    return wishes


def open_wish_window(dossier: Dossier, *, closes_at, by, now=None) -> WishWindow:
    """2021 mode: let a pre-selected candidate state wishes until `closes_at`."""
    now = now or timezone.now()
    if wishes_in_dossier(dossier.call):
        raise DomainError(_("Dans cet appel, les vœux font partie du dossier."))
    if closes_at <= now:
        raise DomainError(_("La fin du recueil des vœux doit être dans le futur."))
    with transaction.atomic():
        window, _created = WishWindow.objects.update_or_create(
            dossier=dossier, defaults={"opened_at": now, "closes_at": closes_at}
        )
        log_activity("dossier.wish_window_opened", dossier, actor=by, closes_at=closes_at.isoformat())
    return window
