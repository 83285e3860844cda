"""The alumni network (issue 16, point 6).

At a promotion's closing (eig.results sends `promotion_closed`) every fellow who finished the
programme becomes an `Alumnus`, keeping their account. An alumnus decides whether they appear in
the directory that signed-in alumni read (`listed`, their consent), and edits what it says:
skills, current role, contact preference, and their public profile of the community pages.

Staff `Invitation`s ask an alumnus to review the dossiers of a grid, to sit on a jury or to
mentor a team; an accepted invitation creates the seat of the existing flow (a reviewer of the
grid, a juror of the jury, a mentor of the team) through that flow's own services.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Challenge
from eig.community.models import Person
from eig.core.models import TimeStampedModel
from eig.juries.models import Juror, Jury
from eig.programme.models import Fellow, Mentor
from eig.promotions.models import Promotion
from eig.reviews.models import Grid, Reviewer


class Alumnus(TimeStampedModel):
    class Contact(models.TextChoices):
        EMAIL = "email", _("Mon adresse électronique est visible des anciens")
        PROGRAMME = "programme", _("Me contacter par l'équipe du programme")
        NONE = "none", _("Ne pas me contacter")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="alumni"
    )
    fellow = models.OneToOneField(
        Fellow, verbose_name=_("parcours dans le programme"), on_delete=models.CASCADE, related_name="alumnus"
    )
    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.PROTECT, related_name="alumni"
    )
    challenge = models.ForeignKey(Challenge, verbose_name=_("défi"), on_delete=models.PROTECT, related_name="alumni")
    name = models.CharField(_("nom"), max_length=200)
    skills = models.CharField(_("compétences"), max_length=300, blank=True)
    current_role = models.CharField(_("poste actuel"), max_length=200, blank=True)
    contact_preference = models.CharField(
        _("préférence de contact"), max_length=20, choices=Contact.choices, default=Contact.PROGRAMME
    )
    # Consent: the person appears in the directory of alumni only when they said so.
    listed = models.BooleanField(_("visible dans l'annuaire des anciens"), default=False)
    listed_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    # The public profile of the community pages (eig.community), when the person has one.
    person = models.ForeignKey(
        Person, verbose_name=_("profil public"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ancien ou ancienne")
        verbose_name_plural = _("anciens")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Invitation(TimeStampedModel):
    class Kind(models.TextChoices):
        REVIEW = "review", _("Évaluer des dossiers")
        JURY = "jury", _("Siéger dans un jury")
        MENTOR = "mentor", _("Mentorer une équipe")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de réponse")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")
        WITHDRAWN = "withdrawn", _("Retirée")

    alumnus = models.ForeignKey(Alumnus, verbose_name=_("ancien"), on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # What the seat is of: a grid (review), a jury, a team (mentor) — one, by kind.
    grid = models.ForeignKey(Grid, verbose_name=_("grille"), null=True, blank=True, on_delete=models.CASCADE)
    jury = models.ForeignKey(Jury, verbose_name=_("jury"), null=True, blank=True, on_delete=models.CASCADE)
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("équipe"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    mentor_kind = models.CharField(_("rôle de mentor"), max_length=20, choices=Mentor.Kind.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    # The seat an accepted invitation created.
    reviewer = models.ForeignKey(Reviewer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    juror = models.ForeignKey(Juror, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    mentor = models.ForeignKey(Mentor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("invitation d'un ancien")
        verbose_name_plural = _("invitations des anciens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="review", grid__isnull=False, jury__isnull=True, challenge__isnull=True)
                    | models.Q(kind="jury", jury__isnull=False, grid__isnull=True, challenge__isnull=True)
                    | models.Q(kind="mentor", challenge__isnull=False, grid__isnull=True, jury__isnull=True)
                ),
                name="invitation_names_one_seat_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.alumnus} — {self.get_kind_display()}"
