"""The ten months: from the accepted offer to the promotion's last day (DOMAIN.md step 9).

A laureate who accepts their offer becomes a `Fellow` of the promotion, in the team of the
offer's challenge (eig.selection signals the acceptance; this app listens: it sits above it).
The team of a challenge is its fellows, its mentors (`Mentor`: operational, high-level), the
confirmed agents of its administration (eig.proposals.Agent) and the programme team.

Every form of the ten months is a dossier of the kit (eig.calls): the onboarding checklists of
a fellow and of a host are the dossiers of the promotion's calls of kind « onboarding »; each
weekly retrospective is a dossier of its call of kind « retrospective » for one week (the
dossier's `period`). What this app adds is who fills them, who reads them, and what they raise.

`Signal`s are what the programme team must look at: help asked, a low state of mind two weeks
running, retrospectives missing two weeks running, an objective off track, a difficulty flagged
by a mentor or a host. Each is raised once (its `key`), acknowledged, followed up and closed
with a note; every move is logged.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Dossier
from eig.challenges.models import Challenge
from eig.core.models import TimeStampedModel
from eig.promotions.models import Promotion


class Setup(models.Model):
    """What staff set for a promotion's ten months (one row per promotion, made when needed)."""

    promotion = models.OneToOneField(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="programme_setup"
    )
    start_date = models.DateField(_("date de prise de poste"), null=True, blank=True)
    end_date = models.DateField(_("dernier jour du programme"), null=True, blank=True)
    # Onboarding reminders go this many days before the start date (each once).
    reminder_days = models.JSONField(_("rappels avant la prise de poste (jours)"), default=list, blank=True)
    # A fellow who leaves within this many days of the start may be replaced from the waiting list.
    replacement_window_days = models.PositiveSmallIntegerField(
        _("remplacement possible pendant (jours après le début)"), default=60
    )
    # A state of mind at or under this value two weeks running raises a signal.
    low_mood_threshold = models.PositiveSmallIntegerField(_("seuil d'humeur basse"), default=2)

    class Meta:
        verbose_name = _("paramètres des dix mois")
        verbose_name_plural = _("paramètres des dix mois")

    def __str__(self):
        return str(self.promotion)


class Fellow(TimeStampedModel):
    """A person in the promotion's programme, from their accepted offer to their last day."""

    class Status(models.TextChoices):
        ONBOARDING = "onboarding", _("Arrivée en préparation")
        ACTIVE = "active", _("En poste")
        LEFT = "left", _("Départ anticipé")
        FINISHED = "finished", _("Programme terminé")

    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.PROTECT, related_name="fellows"
    )
    challenge = models.ForeignKey(Challenge, verbose_name=_("défi"), on_delete=models.PROTECT, related_name="fellows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.PROTECT, related_name="fellowships"
    )
    offer = models.OneToOneField(
        "selection.Offer",
        verbose_name=_("proposition de poste acceptée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fellow",
    )
    name = models.CharField(_("nom"), max_length=200)
    profile_label = models.CharField(_("profil"), max_length=100, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.ONBOARDING, db_index=True
    )
    start_date = models.DateField(_("prise de poste prévue"), null=True, blank=True)
    started_on = models.DateField(_("prise de poste effective"), null=True, blank=True)
    not_started_reason = models.CharField(_("raison du retard de prise de poste"), max_length=300, blank=True)
    left_on = models.DateField(_("date de départ"), null=True, blank=True)
    # Private: read by the programme team only (never the team, never the host).
    leave_reason = models.TextField(_("motif du départ (confidentiel)"), blank=True)
    onboarding = models.OneToOneField(
        Dossier,
        verbose_name=_("liste d'arrivée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="onboarding_of",
    )

    class Meta:
        verbose_name = _("entrepreneur·e en programme")
        verbose_name_plural = _("entrepreneur·es en programme")
        ordering = ["challenge__title", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["promotion", "user"], name="one_fellowship_per_promotion")]

    def __str__(self):
        return self.name


class Mentor(TimeStampedModel):
    """A mentor of a team: operational (daily, in the host administration) or high-level (monthly)."""

    class Kind(models.TextChoices):
        OPERATIONAL = "operational", _("Mentor opérationnel")
        HIGH_LEVEL = "high_level", _("Mentor de haut niveau")

    challenge = models.ForeignKey(Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="mentors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="mentorships"
    )
    kind = models.CharField(_("rôle"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mentor d'une équipe")
        verbose_name_plural = _("mentors des équipes")
        ordering = ["challenge", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["challenge", "user", "kind"], name="one_mentorship_per_kind")]

    def __str__(self):
        return f"{self.name} — {self.challenge} ({self.get_kind_display()})"


class HostOnboarding(models.Model):
    """The host administration's onboarding checklist for one team: a shared dossier of the kit."""

    challenge = models.OneToOneField(
        Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="host_onboarding"
    )
    dossier = models.OneToOneField(Dossier, verbose_name=_("liste"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("liste d'accueil de l'administration")
        verbose_name_plural = _("listes d'accueil des administrations")

    def __str__(self):
        return str(self.challenge)


class Objective(models.Model):
    """One of a challenge's objectives (up to four), with the indicator that measures it."""

    MAX_PER_CHALLENGE = 4

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="objectives"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("objectif"), max_length=300)
    indicator = models.CharField(_("indicateur"), max_length=300)
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    baseline = models.FloatField(_("valeur de départ"), default=0)
    target = models.FloatField(_("cible"))
    target_date = models.DateField(_("échéance"), null=True, blank=True)

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["challenge", "order", "id"]

    def __str__(self):
        return self.title


class Measure(models.Model):
    """A reading of an objective's indicator on a day, with how the team sees its course."""

    class Course(models.TextChoices):
        ON_TRACK = "on_track", _("En bonne voie")
        AT_RISK = "at_risk", _("À surveiller")
        OFF_TRACK = "off_track", _("En retard")

    objective = models.ForeignKey(
        Objective, verbose_name=_("objectif"), on_delete=models.CASCADE, related_name="measures"
    )
    on = models.DateField(_("date"))
    value = models.FloatField(_("valeur"))
    course = models.CharField(_("trajectoire"), max_length=20, choices=Course.choices, default=Course.ON_TRACK)
    note = models.CharField(_("commentaire"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mesure d'un indicateur")
        verbose_name_plural = _("mesures des indicateurs")
        ordering = ["objective", "on", "id"]

    def __str__(self):
        return f"{self.objective} — {self.on}: {self.value}"


class Resource(models.Model):
    """A document or a link of the team: a repository, a dataset, a shared document."""

    class Kind(models.TextChoices):
        REPOSITORY = "repository", _("Dépôt de code")
        DATASET = "dataset", _("Jeu de données")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Autre lien")

    challenge = models.ForeignKey(Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    stored_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("fichier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document ou lien de l'équipe")
        verbose_name_plural = _("documents et liens des équipes")
        ordering = ["challenge", "kind", "title"]

    def __str__(self):
        return self.title


class Retrospective(models.Model):
    """A fellow's weekly retrospective (« bilan hebdomadaire »): the dossier of one week."""

    fellow = models.ForeignKey(
        Fellow, verbose_name=_("entrepreneur·e"), on_delete=models.CASCADE, related_name="retrospectives"
    )
    week = models.DateField(_("semaine du"))  # its Monday
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("bilan"), on_delete=models.CASCADE, related_name="retrospective"
    )
    # Read by the programme team only: not by the team, its mentors or the host.
    programme_only = models.BooleanField(_("réservé à l'équipe du programme"), default=False)
    # Copied from the answers when submitted, for the signals and the overview (the answers stay the record).
    mood = models.PositiveSmallIntegerField(_("état d'esprit"), null=True, blank=True)
    asks_help = models.BooleanField(_("demande d'aide"), default=False)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("bilan hebdomadaire")
        verbose_name_plural = _("bilans hebdomadaires")
        ordering = ["fellow", "-week"]
        constraints = [models.UniqueConstraint(fields=["fellow", "week"], name="one_retrospective_per_week")]

    def __str__(self):
        return f"{self.fellow} — {self.week}"


class MentorNote(models.Model):
    """A mentor's record: a high-level mentor's monthly point, an operational mentor's note."""

    class Kind(models.TextChoices):
        MONTHLY_POINT = "monthly_point", _("Point mensuel")
        NOTE = "note", _("Note de suivi")

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="mentor_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    attendees = models.CharField(_("participants"), max_length=500, blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    difficulties = models.TextField(_("difficultés"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note de mentorat")
        verbose_name_plural = _("notes de mentorat")
        ordering = ["challenge", "-held_on", "-id"]

    def __str__(self):
        return f"{self.challenge} — {self.get_kind_display()} {self.held_on}"


class Signal(models.Model):
    """Something the programme team must look at, raised once, followed to its closing note."""

    class Kind(models.TextChoices):
        HELP_ASKED = "help_asked", _("Aide demandée")
        LOW_MOOD = "low_mood", _("État d'esprit bas deux semaines de suite")
        MISSING = "missing", _("Bilans manquants deux semaines de suite")
        OFF_TRACK = "off_track", _("Objectif en retard")
        DIFFICULTY = "difficulty", _("Difficulté signalée")

    class State(models.TextChoices):
        OPEN = "open", _("Nouveau")
        ACKNOWLEDGED = "acknowledged", _("Pris en compte")
        FOLLOWED_UP = "followed_up", _("Suivi en cours")
        CLOSED = "closed", _("Clos")

    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="signals"
    )
    challenge = models.ForeignKey(Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="signals")
    fellow = models.ForeignKey(
        Fellow,
        verbose_name=_("entrepreneur·e"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signals",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    # What raised it, once: « help:<retrospective> », « mood:<fellow>:<week> »…
    key = models.CharField(_("clé"), max_length=120, unique=True)
    summary = models.CharField(_("résumé"), max_length=500)
    detail = models.TextField(_("détail"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("levé le"), db_index=True)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note de suivi"), blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signaux")
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return self.summary


class Event(TimeStampedModel):
    """An event of the promotion's calendar: the bootcamp, a collective session, a seminar…"""

    class Kind(models.TextChoices):
        BOOTCAMP = "bootcamp", _("Semaine d'intégration (bootcamp)")
        COLLECTIVE = "collective", _("Session collective")
        SEMINAR = "seminar", _("Séminaire")
        DEMO_DAY = "demo_day", _("Journée de démonstration (demo day)")
        WEBINAR = "webinar", _("Webinaire")
        OTHER = "other", _("Autre")

    class Audience(models.TextChoices):
        FELLOWS = "fellows", _("Entrepreneur·es")
        MENTORS = "mentors", _("Mentors")
        HOSTS = "hosts", _("Administrations d'accueil")
        ALUMNI = "alumni", _("Anciens")

    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    link = models.URLField(_("lien de connexion"), max_length=500, blank=True)
    audiences = models.JSONField(_("public"), default=list)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    compulsory = models.BooleanField(_("obligatoire pour les entrepreneur·es"), default=False)
    is_public = models.BooleanField(_("annoncé sur la page publique"), default=False)
    # Whether attendees may mark themselves present on the day.
    self_check_in = models.BooleanField(_("émargement par les participants"), default=False)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start")
        ]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    """A slot of an event's programme: the demo day's teams in turn, a talk, a break."""

    event = models.ForeignKey(Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("heure"))
    title = models.CharField(_("intitulé"), max_length=200)  # translated
    speakers = models.CharField(_("intervenants"), max_length=300, blank=True)
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("équipe"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("créneau du programme d'un événement")
        verbose_name_plural = _("programme des événements")
        ordering = ["event", "starts_at", "id"]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A person's registration to an event, and whether they attended."""

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Non relevée")
        PRESENT = "present", _("Présent·e")
        ABSENT = "absent", _("Absent·e")
        EXCUSED = "excused", _("Excusé·e")

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    registered_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    attendance = models.CharField(_("présence"), max_length=20, choices=Attendance.choices, default=Attendance.UNKNOWN)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["event", "registered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event")]

    def __str__(self):
        return f"{self.user} — {self.event}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar address (ICS): whoever has it reads their events, so it can be renewed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")

    def __str__(self):
        return str(self.user)
