"""A candidate's ranked wishes among the positions a call offers.

Règlement AAC EIG 4 (2020) art. 5: up to three ranked choices; the call sets
how many (1 to 3). In the 2021 mode the wishes are asked only of the
candidates kept after pre-selection, within a window staff opens for them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Dossier
from eig.challenges.models import Position


class Wish(models.Model):
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="wishes")
    position = models.ForeignKey(Position, verbose_name=_("poste"), on_delete=models.PROTECT, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("rang"))

    class Meta:
        verbose_name = _("vœu")
        verbose_name_plural = _("vœux")
        ordering = ["dossier", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "rank"], name="one_wish_per_rank"),
            models.UniqueConstraint(fields=["dossier", "position"], name="one_wish_per_position"),
            models.CheckConstraint(condition=models.Q(rank__gte=1, rank__lte=3), name="wish_rank_1_to_3"),
        ]

    def __str__(self):
        return f"{self.dossier} — {self.rank}. {self.position}"


class WishWindow(models.Model):
    """The 2021 mode: a pre-selected candidate may state wishes until `closes_at`."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="wish_window"
    )
    opened_at = models.DateTimeField(_("ouverte le"))
    closes_at = models.DateTimeField(_("close le"))

    class Meta:
        verbose_name = _("fenêtre de vœux")
        verbose_name_plural = _("fenêtres de vœux")

    def __str__(self):
        return str(self.dossier)
