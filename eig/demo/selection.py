"""The previous promotion's selection: something for every role to do after the auditions.

The current promotion's call is still open, so its selection cannot be shown. The previous
promotion (EIG 8, last year's number) is: three recruiting challenges, seven positions, a closed
call for applications with ten fictional candidates (one of them the demo candidate) whom the
candidate jury heard, ranked per challenge and profile, then

- an optimal run (the team engine, default weights) and a stable run (deferred acceptance):
  staff compare them (the jury proposed « Parcours de soins » to Ophélie Marin, a proposal the
  stable matching ignores, which leaves that team without its data scientist);
- the optimal run frozen by the demo staff account, waiting for the demo approver, who can
  approve it (then staff send the offers and the demo candidate gets one) or return it.

The dossiers, auditions and verdicts are written directly (deterministic, like
tests/factories/selection.py); the runs and the freeze go through eig.selection.services, as
staff would. Idempotent: the rows are found again by their natural keys, and once the call has
runs they are reused as they are (frozen, approved or returned by someone trying the demo):
no second run, freeze or notification.

    « Marées ouvertes »     data scientist, développeur        (a pair)
    « Parcours de soins »   développeur, data scientist, designer (a trio)
    « Registre vivant »     développeur, designer              (a pair)

    candidate        profile  wishes            jury's lists (rank)
    Léa Fontaine     dev      Marées, Registre  Marées dev 1, Registre dev 2   (the demo candidate)
    Noé Carpentier   dev      Parcours, Marées  Parcours dev 1, Marées dev 2
    Maëlle Guérin    dev      Registre          Registre dev 1                 asks for Salomé Koné
    Rayan Belkacem   ds       Marées            Marées ds 1
    Ophélie Marin    ds       Marées            Marées ds 2, and the jury proposes « Parcours »
    Tristan Vallet   design   Parcours, Registre Parcours design 1, Registre design 2
    Salomé Koné      design   Registre          Registre design 1              asks for Maëlle (by email)
    Élias Renard     ds       Marées            Marées ds 3
    Jeanne Prévost   dev      Parcours          Parcours dev 2
    Bastien Colas    design   Registre          unfavourable

The optimum: Marées = Léa + Rayan; Parcours = Noé + Ophélie (the jury's proposal) + Tristan;
Registre = Maëlle + Salomé. Élias and Jeanne are on the waiting list; Bastien is not retained.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.defaults import install_application_form
from eig.calls.models import Answer, Call, Dossier, DossierVersion
from eig.calls.services import answers_of, questions_of, snapshot
from eig.challenges.models import Challenge
from eig.community.models import Membership
from eig.juries import services as jury_services
from eig.juries.models import Audition, HalfDay, Panel, PanelMember, Room, Verdict
from eig.selection import services
from eig.selection.models import SelectionRun

from .data import ChallengeData, PositionData
from .dossiers import DECLARATIONS, PROFILE_OF, _answers
from .juries import FICTIONAL_JURORS, fictional_juror

PARIS = ZoneInfo("Europe/Paris")
FICTIONAL_DOMAIN = "selection.demo.eig.example"

PREVIOUS_PROMOTION_DESCRIPTION = (
    "La promotion précédente, dont l'équipe du programme forme les équipes. Données de démonstration : "
    "ses défis et ses candidats sont fictifs ; la proposition d'équipes attend la décision des valideurs."
)
PREVIOUS_PROMOTION_DESCRIPTION_EN = (
    "The previous cohort, whose teams the programme is forming. Demo data: its challenges and candidates are "
    "fictional; the proposed teams await the approvers' decision."
)

PREVIOUS_CHALLENGES = [
    ChallengeData(
        slug="marees-ouvertes",
        title="Marées ouvertes",
        title_en="Open Tides",
        summary="Publier des prévisions de marée et de niveau de la mer utilisables par tous les services côtiers.",
        summary_en="Publishing tide and sea-level forecasts every coastal service can use.",
        body=(
            "Les prévisions de marée servent aux ports, aux sauveteurs en mer et aux communes littorales. Elles "
            "existent, mais sous des formats que peu de services savent lire.\n\n"
            "L'équipe construira avec le Shom une interface de programmation ouverte et un tableau de bord des "
            "niveaux d'eau attendus, pensé avec les agents des communes exposées à la submersion."
        ),
        administration="shom",
        town="Brest",
        positions=(
            PositionData("datascience", "Fiabiliser les prévisions de niveau d'eau et mesurer leur incertitude."),
            PositionData("dev", "Construire l'interface de programmation et le tableau de bord."),
        ),
    ),
    ChallengeData(
        slug="parcours-de-soins",
        title="Parcours de soins",
        title_en="Care Pathways",
        summary="Comprendre les ruptures dans les parcours de soins des personnes âgées à partir des données de santé.",
        summary_en="Understanding breaks in older people's care pathways from health data.",
        body=(
            "Entre l'hôpital, le médecin traitant et les soins à domicile, les parcours des personnes âgées se "
            "rompent souvent sans que personne ne le voie.\n\n"
            "L'équipe aidera la DREES à repérer ces ruptures dans les données de santé, à les rendre lisibles pour "
            "les agences régionales de santé et à publier des indicateurs ouverts."
        ),
        administration="drees",
        town="Paris",
        positions=(
            PositionData("dev", "Développer l'outil de consultation des indicateurs."),
            PositionData("datascience", "Construire les indicateurs de rupture de parcours."),
            PositionData("design", "Concevoir les restitutions avec les agences régionales de santé."),
        ),
    ),
    ChallengeData(
        slug="registre-vivant",
        title="Registre vivant",
        title_en="Living Register",
        summary="Tenir à jour un registre public des logiciels libres utilisés par les administrations.",
        summary_en="Keeping a public register of the free software used by administrations up to date.",
        body=(
            "Les administrations utilisent et publient de nombreux logiciels libres, mais personne n'en a une vue "
            "d'ensemble à jour.\n\n"
            "L'équipe construira un registre alimenté automatiquement par les forges publiques et une interface "
            "qui aide les agents à trouver un logiciel déjà éprouvé par une autre administration."
        ),
        administration="etalab",
        town="Paris",
        positions=(
            PositionData("dev", "Développer la collecte automatique et le registre."),
            PositionData("design", "Concevoir la recherche et les fiches des logiciels avec leurs utilisateurs."),
        ),
    ),
]

# Wishes and jury lists name a group: (challenge slug, profile code).
MAREES, PARCOURS, REGISTRE = (c.slug for c in PREVIOUS_CHALLENGES)
PROFESSION_OF = {code: profession for profession, code in PROFILE_OF.items()}


# (first, last, civility, town, profile, years, wishes, [(group, rank, favourable)], proposed challenge,
#  teammate answer). first=None: the demo candidate, with their account's name.
CANDIDATES = [
    (None, None, "madame", "Nantes", "dev", 6, [(MAREES, "dev"), (REGISTRE, "dev")],
     [((MAREES, "dev"), 1, True), ((REGISTRE, "dev"), 2, True)], None, ""),
    ("Noé", "Carpentier", "monsieur", "Lille", "dev", 8, [(PARCOURS, "dev"), (MAREES, "dev")],
     [((PARCOURS, "dev"), 1, True), ((MAREES, "dev"), 2, True)], None, ""),
    ("Maëlle", "Guérin", "madame", "Rennes", "dev", 5, [(REGISTRE, "dev")],
     [((REGISTRE, "dev"), 1, True)], None, "Je souhaite faire équipe avec Salomé Koné."),
    ("Rayan", "Belkacem", "monsieur", "Marseille", "datascience", 7, [(MAREES, "datascience")],
     [((MAREES, "datascience"), 1, True)], None, ""),
    ("Ophélie", "Marin", "madame", "Brest", "datascience", 4, [(MAREES, "datascience")],
     [((MAREES, "datascience"), 2, True)], PARCOURS, ""),
    ("Tristan", "Vallet", "monsieur", "Lyon", "design", 9, [(PARCOURS, "design"), (REGISTRE, "design")],
     [((PARCOURS, "design"), 1, True), ((REGISTRE, "design"), 2, True)], None, ""),
    ("Salomé", "Koné", "madame", "Paris", "design", 6, [(REGISTRE, "design")],
     [((REGISTRE, "design"), 1, True)], None, "maelle.guerin@" + FICTIONAL_DOMAIN),
    ("Élias", "Renard", "monsieur", "Toulouse", "datascience", 3, [(MAREES, "datascience")],
     [((MAREES, "datascience"), 3, True)], None, ""),
    ("Jeanne", "Prévost", "madame", "Bordeaux", "dev", 10, [(PARCOURS, "dev")],
     [((PARCOURS, "dev"), 2, True)], None, ""),
    ("Bastien", "Colas", "monsieur", "Nancy", "design", 2, [(REGISTRE, "design")],
     [((REGISTRE, "design"), 3, False)], None, ""),
]  # fmt: skip

OPTIMAL_LABEL = "Proposition optimale (poids par défaut)"
STABLE_LABEL = "Affectation stable, pour comparer"


def candidate_email(first: str, last: str) -> str:
    return f"{slugify(first)}.{slugify(last)}@{FICTIONAL_DOMAIN}"


class SelectionBuilder:
    def __init__(self, *, promotion, challenges, now):
        self.promotion = promotion
        self.challenges = {c.slug: c for c in challenges}
        self.now = now
        today = now.astimezone(PARIS).date()
        self.opens_at = self._at(today - datetime.timedelta(days=200), 10)
        self.closes_at = self._at(today - datetime.timedelta(days=170), 23)
        day = today - datetime.timedelta(days=140)
        while day.weekday() >= 5:  # auditions on a working day
            day += datetime.timedelta(days=1)
        self.day = day

    @staticmethod
    def _at(day, hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)

    def build(self, demo_candidate, staff) -> Call:
        call = self.build_call()
        self.groups = {
            (challenge.slug, position.profile.code): position
            for challenge in self.challenges.values()
            for position in challenge.positions.select_related("profile").order_by("-order")
        }  # the first position of each group wins (reversed order)
        dossiers = [self.build_dossier(call, index, demo_candidate, row) for index, row in enumerate(CANDIDATES)]
        self.build_jury(call, dossiers, staff)
        runs = SelectionRun.objects.filter(call=call)
        if not runs.exists():
            optimal = services.run_selection(call, mode=SelectionRun.Mode.OPTIMAL, by=staff, label=OPTIMAL_LABEL)
            services.run_selection(call, mode=SelectionRun.Mode.STABLE, by=staff, label=STABLE_LABEL)
            services.freeze(optimal, by=staff, now=self.now)
        elif runs.filter(published_at__isnull=False).exists():
            # The demo's promotion was published by someone trying it: its teams are at work.
            Challenge.objects.filter(
                promotion=self.promotion,
                status=Challenge.Status.RECRUITING,
                memberships__role=Membership.Role.FELLOW,
            ).update(status=Challenge.Status.IN_PROGRESS)
        return call

    def build_call(self) -> Call:
        label = self.promotion.label
        call, _ = Call.objects.update_or_create(
            slug=f"appel-candidatures-{slugify(label)}",
            defaults={
                "promotion": self.promotion,
                "kind": Call.Kind.APPLICATIONS,
                "title": f"Appel à candidatures {label}",
                "opens_at": self.opens_at,
                "closes_at": self.closes_at,
                "max_wishes": 3,
                "wishes_mode": Call.WishesMode.WITH_DOSSIER,
                "dossier_prefix": label.replace(" ", ""),
            },
        )
        install_application_form(call)
        return call

    def _user(self, first, last):
        user, _ = get_user_model().objects.get_or_create(
            email=candidate_email(first, last),
            defaults={
                "first_name": first,
                "last_name": last,
                "roles": [Role.CANDIDATE.value],
                "password": make_password(None),  # fictional people never sign in
            },
        )
        return user

    def build_dossier(self, call, index, demo_candidate, row) -> Dossier:
        first, last, civility, town, profile, years, wishes, _lists, _proposed, teammate = row
        user = demo_candidate if first is None else self._user(first, last)
        submitted_at = self.opens_at + datetime.timedelta(days=index + 1, hours=index)
        dossier, created = Dossier.objects.get_or_create(
            call=call,
            owner=user,
            shared=False,
            defaults={
                "number": f"{call.dossier_prefix}-{index + 1:06d}",
                "status": Dossier.Status.SUBMITTED,
                "submitted_at": submitted_at,
                "version": 1,
            },
        )
        if not created:
            return dossier
        positions = [self.groups[group] for group in wishes]
        values = _answers(
            user.first_name,
            user.last_name,
            civility,
            town,
            PROFESSION_OF[profile],
            years,
            100 + index,
            positions[0].challenge.title,
        )
        values["motivation"]["binome"] = teammate
        values["declarations"] = DECLARATIONS
        questions = {q.key: q for q in questions_of(call)}
        Answer.objects.bulk_create(
            Answer(dossier=dossier, question=questions[key], value=value)
            for step in values.values()
            for key, value in step.items()
            if key in questions
        )
        Wish.objects.bulk_create(Wish(dossier=dossier, position=p, rank=k) for k, p in enumerate(positions, start=1))
        content, digest = snapshot(dossier, questions_of(call), answers_of(dossier))
        DossierVersion.objects.create(
            dossier=dossier, number=1, submitted_at=submitted_at, content=content, digest=digest
        )
        return dossier

    def build_jury(self, call, dossiers, staff):
        """Two panels of four fictional jurors, a morning and an afternoon, five auditions each."""
        jury = jury_services.create_jury(call, by=staff)
        half_days = [
            HalfDay.objects.get_or_create(
                jury=jury, starts_at=self._at(self.day, start), defaults={"ends_at": self._at(self.day, start + 4)}
            )[0]
            for start in (9, 14)
        ]
        room, _ = Room.objects.get_or_create(
            jury=jury, name="Salle Lovelace", defaults={"location": "20 avenue de Ségur, Paris"}
        )
        password = make_password(None)
        panels = []
        for index, half_day in enumerate(half_days, start=1):
            panel, _ = Panel.objects.get_or_create(
                jury=jury, index=index, defaults={"half_day": half_day, "room": room}
            )
            # Four consecutive people of the list: two women and two men, mixed types.
            for person in FICTIONAL_JURORS[4 * (index - 1) : 4 * index]:
                juror = fictional_juror(jury, person, password=password, charter_at=self.opens_at)
                juror.available.add(half_day)
                PanelMember.objects.get_or_create(panel=panel, juror=juror)
            panels.append(panel)
        minutes = jury.format_minutes + jury.break_minutes
        for index, (dossier, row) in enumerate(zip(dossiers, CANDIDATES, strict=True)):
            panel = panels[index // 5]
            starts_at = panel.half_day.starts_at + datetime.timedelta(minutes=minutes * (index % 5))
            audition, _ = Audition.objects.get_or_create(
                jury=jury,
                dossier=dossier,
                defaults={
                    "panel": panel,
                    "starts_at": starts_at,
                    "ends_at": starts_at + datetime.timedelta(minutes=jury.format_minutes),
                    "attendance": Audition.Attendance.PRESENT,
                    "auditionee": dossier.owner.get_full_name(),
                    "auditionee_emails": [dossier.owner.email],
                },
            )
            _first, _last, _civility, _town, _profile, _years, _wishes, lists, proposed, _teammate = row
            for group, rank, favourable in lists:
                position = self.groups[group]
                Verdict.objects.get_or_create(
                    panel=panel,
                    audition=audition,
                    scope=f"{position.challenge_id}:{position.profile_id}",
                    defaults={
                        "favourable": favourable,
                        "rank": rank,
                        "challenge": position.challenge,
                        "profile": position.profile,
                        "proposed_challenge": self.challenges[proposed] if proposed else None,
                    },
                )
        if jury.results_published_at is None:
            jury_services.publish_results(jury, by=staff, now=half_days[-1].ends_at)
        return jury
