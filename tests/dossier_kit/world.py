"""One dossier of each audience, holding one answer of each question kind (issue 14, acceptance).

    world = build_world()      # inside a frozen clock (see conftest.py: NOW)
    world.dossier              # a candidate's dossier, submitted (version 1), on an open call for applications
    world.proposal             # an administration's proposal, submitted (version 1), on an open call for challenges

Both calls ask the same twelve questions (one per Question.Kind) in three steps; the only
difference is the short text's key: « prenom » for a candidate, « nom_projet » for a proposal
(the keys the pages read a person's name or a project's title from). Every answer goes through
the services (save_step, attach_file, submit_dossier / submit_proposal), as a person filling the
form would. Every value a page prints is fixed here (names, emails, titles, dossier numbers):
factory sequences and Faker never reach a snapshot.

Readers of both dossiers are set up too: the programme team (two-factor on), a reviewer seated
on a grid and assigned the dossier, and a juror who signed the charter, sitting on the panel that
hears the dossier.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from eig.accounts.models import Role
from eig.applications.services import set_wishes
from eig.calls.models import Call, Dossier, DossierVersion, Question, Step
from eig.calls.services import attach_file, save_step, start_dossier, submit_dossier
from eig.challenges.models import Administration, Challenge
from eig.files.models import StoredFile
from eig.juries.models import (
    CANDIDATE_FORMAT,
    CHALLENGE_FORMAT,
    Audition,
    HalfDay,
    Juror,
    Jury,
    Panel,
    PanelMember,
    Room,
)
from eig.proposals.models import Proposal
from eig.proposals.services import start_proposal, submit_proposal
from eig.reviews.defaults import CANDIDATE_JURY, CANDIDATE_PRESCREENING, CHALLENGE_JURY
from eig.reviews.models import Assignment, Grid, Reviewer
from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    PositionFactory,
    PromotionFactory,
    StaffFactory,
    UserFactory,
    profile,
    with_totp,
)
from tests.factories.agents import confirmed_agent
from tests.factories.files import PDF_BYTES
from tests.factories.reviews import grid_of, seated_reviewer

PARIS = ZoneInfo("Europe/Paris")
# The clock of every snapshot: ten days into a call open from 1 to 31 March 2024.
NOW = datetime.datetime(2024, 3, 10, 10, 0, 0, tzinfo=PARIS)
OPENS = datetime.datetime(2024, 3, 1, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2024, 3, 31, 17, 0, tzinfo=PARIS)
JURY_DAY = datetime.date(2024, 3, 12)

CANDIDATE_NUMBER = "KITC-000001"
PROPOSAL_NUMBER = "KITD-000001"
CV_NAME = "cv-ada.pdf"
PLAN_NAME = "plan-projet.pdf"

# Three steps, one question of each kind: (step slug, step title, [(key, kind, label, options)]).
# The short text's key is set per call (SHORT_TEXT_KEY below).
SHORT = "__short__"
FORM = [
    (
        "profil",
        "Profil",
        [
            (SHORT, Question.Kind.SHORT_TEXT, None, {"max_length": 150}),
            ("presentation", Question.Kind.LONG_TEXT, "Présentation", {"max_length": 2000}),
            (
                "domaine",
                Question.Kind.SINGLE_CHOICE,
                "Domaine principal",
                {"choices": [["dev", "Développement"], ["data", "Science des données"], ["design", "Design"]]},
            ),
            (
                "langues",
                Question.Kind.MULTIPLE_CHOICE,
                "Langues de travail",
                {"choices": [["fr", "Français"], ["en", "Anglais"], ["de", "Allemand"]]},
            ),
        ],
    ),
    (
        "details",
        "Détails",
        [
            ("temps_plein", Question.Kind.YES_NO, "Disponible à temps plein ?", {}),
            ("site_web", Question.Kind.URL, "Site web", {}),
            ("adresse_contact", Question.Kind.EMAIL, "Adresse de contact", {}),
            ("experience", Question.Kind.NUMBER, "Années d'expérience", {"min_value": 0, "max_value": 50}),
            ("debut", Question.Kind.DATE, "Date de début souhaitée", {}),
        ],
    ),
    (
        "pieces",
        "Pièces et engagements",
        [
            ("exactitude", Question.Kind.DECLARATION, "Je certifie l'exactitude des informations fournies.", {}),
            ("piece", Question.Kind.FILE, "Pièce jointe", {"file_types": ["application/pdf"]}),
            (
                "references",
                Question.Kind.TABLE,
                "Références",
                {"choices": [["nom", "Nom"], ["fonction", "Fonction"]], "max_value": 3},
            ),
        ],
    ),
]
SHORT_TEXT = {
    Call.Kind.APPLICATIONS: ("prenom", "Prénom", "Ada"),
    Call.Kind.CHALLENGES: ("nom_projet", "Nom du projet", "Données ouvertes des cantines"),
}

# What the form posts for each step (save_step reads raw values, as the step form hands them over).
ANSWERS = {
    "profil": {
        "presentation": "Première ligne de la présentation.\nSeconde ligne, après un retour à la ligne.",
        "domaine": "data",
        "langues": ["fr", "de"],
    },
    "details": {
        "temps_plein": "oui",
        "site_web": "https://example.org/portfolio",
        "adresse_contact": "Contact@Example.org",
        "experience": "7",
        "debut": "2024-03-03",
    },
    "pieces": {
        "exactitude": "on",
        "references": [
            {"nom": "Camille Martin", "fonction": "Cheffe de projet"},
            {"nom": "Jean Dupont", "fonction": ""},
            {"nom": "", "fonction": ""},
        ],
    },
}


@dataclass
class World:
    staff: object
    candidate: object
    agent: object
    application_call: Call
    challenge_call: Call
    dossier: Dossier
    version: DossierVersion
    proposal: Proposal
    proposal_version: DossierVersion
    review_grids: dict  # {"candidate"|"proposal": Grid}
    reviewers: dict  # {"candidate"|"proposal": Reviewer}
    juries: dict  # {"candidate"|"proposal": Jury}
    jurors: dict  # {"candidate"|"proposal": Juror}
    auditions: dict  # {"candidate"|"proposal": Audition}

    @property
    def steps(self) -> list[str]:
        return [slug for slug, _title, _questions in FORM]


def install_form(call: Call) -> None:
    key, label, _value = SHORT_TEXT[call.kind]
    for step_order, (slug, title, questions) in enumerate(FORM, start=1):
        step = Step.objects.create(call=call, order=step_order, slug=slug, title=title)
        for order, (q_key, kind, q_label, options) in enumerate(questions, start=1):
            Question.objects.create(
                step=step,
                order=order,
                key=key if q_key == SHORT else q_key,
                kind=kind,
                label=label if q_key == SHORT else q_label,
                required=True,
                **options,
            )


def fill(dossier: Dossier, *, by, file_name: str) -> StoredFile:
    """Every step answered through the services, the file attached (and found clean by the scan)."""
    call = dossier.call
    key, _label, value = SHORT_TEXT[call.kind]
    for step in call.steps.order_by("order"):
        data = dict(ANSWERS[step.slug])
        if step.slug == "profil":
            data[key] = value
        errors = save_step(dossier, step, data, by=by)
        assert errors == {}, errors
    question = Question.objects.get(step__call=call, key="piece")
    stored = attach_file(dossier, question, SimpleUploadedFile(file_name, PDF_BYTES), by=by)
    # The scan runs on commit, which a test transaction never reaches: its verdict, set as it would be.
    StoredFile.objects.filter(pk=stored.pk).update(scan_status=StoredFile.ScanStatus.CLEAN, scanned_at=NOW)
    return stored


def renumber(dossier: Dossier, number: str) -> Dossier:
    """A fixed number (start_dossier numbers from the primary key, which differs between runs)."""
    Dossier.objects.filter(pk=dossier.pk).update(number=number)
    dossier.refresh_from_db()
    return dossier


def new_call(promotion, kind: str, slug: str, title: str, prefix: str) -> Call:
    call = Call.objects.create(
        promotion=promotion,
        kind=kind,
        title=title,
        slug=slug,
        opens_at=OPENS,
        closes_at=CLOSES,
        dossier_prefix=prefix,
        privacy_notice="Vos données servent à instruire votre dossier.",
    )
    install_form(call)
    return call


def seat_reviewer(grid: Grid, email: str, first: str, last: str, dossier: Dossier) -> Reviewer:
    seat = seated_reviewer(grid, UserFactory(email=email, first_name=first, last_name=last, roles=[Role.REVIEWER]))
    Assignment.objects.create(reviewer=seat, dossier=dossier, source=Assignment.Source.PIN)
    return seat


def hear(call: Call, kind: str, grid: Grid, dossier: Dossier, juror_email: str, auditionee: str):
    """A jury of the call, one panel on JURY_DAY's morning, one signed juror, the dossier heard at 9:00."""
    challenges = kind == Jury.Kind.CHALLENGES
    jury = Jury.objects.create(
        call=call,
        kind=kind,
        title=f"Jury du kit ({'défis' if challenges else 'candidats'})",
        grid=grid,
        audition_format=CHALLENGE_FORMAT if challenges else CANDIDATE_FORMAT,
        charter="Je garde confidentiels les dossiers et les délibérations du jury.",
        waiting_room="Présentez-vous à l'accueil dix minutes avant l'heure.",
    )
    half_day = HalfDay.objects.create(
        jury=jury,
        starts_at=datetime.datetime.combine(JURY_DAY, datetime.time(9, 0), tzinfo=PARIS),
        ends_at=datetime.datetime.combine(JURY_DAY, datetime.time(12, 30), tzinfo=PARIS),
    )
    room = Room.objects.create(jury=jury, name="Salle Condorcet", location="20 avenue de Ségur, Paris")
    panel = Panel.objects.create(jury=jury, index=1, half_day=half_day, room=room)
    user = with_totp(
        UserFactory(email=juror_email, first_name="Jeanne", last_name="Jurée", roles=[Role.JURY_MEMBER.value])
    )
    juror = Juror.objects.create(
        jury=jury,
        email=user.email,
        name=user.get_full_name(),
        user=user,
        charter_accepted_at=NOW,
        organisation="Cour des comptes",
        type=Juror.Type.ADMINISTRATION,
        gender=Juror.Gender.FEMALE,
    )
    juror.available.add(half_day)
    PanelMember.objects.create(panel=panel, juror=juror)
    panel.timekeeper = juror
    panel.save(update_fields=["timekeeper"])
    starts_at = half_day.starts_at
    audition = Audition.objects.create(
        jury=jury,
        dossier=dossier,
        panel=panel,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=jury.format_minutes),
        auditionee=auditionee,
        auditionee_emails=[dossier.owner.email],
    )
    return jury, juror, audition


def build_world() -> World:
    """Call it with the clock frozen at NOW (every date the pages print then reads the same)."""
    promotion = PromotionFactory(number=42, year=2024, slug="eig-kit", title="EIG Kit")
    staff = StaffFactory(email="equipe@kit.example", first_name="Sam", last_name="Équipe")

    # --- A candidate's dossier on a call for applications (with the wishes in the dossier) ---
    application_call = new_call(
        promotion, Call.Kind.APPLICATIONS, "appel-kit-candidats", "Appel à candidatures du kit", "KITC"
    )
    hosting = AdministrationFactory(name="Direction des données du kit", slug="direction-donnees-kit")
    challenge = ChallengeFactory(
        title="Défi des cantines",
        slug="defi-des-cantines",
        promotion=promotion,
        administration=hosting,
        status=Challenge.Status.RECRUITING,
        profiles=["datascience"],
    )
    position = PositionFactory(
        challenge=challenge, profile=profile("datascience"), order=0, mission="Ouvrir les données"
    )
    candidate = UserFactory(email="ada@kit.example", first_name="Ada", last_name="Lovelace")
    dossier = renumber(start_dossier(application_call, owner=candidate), CANDIDATE_NUMBER)
    fill(dossier, by=candidate, file_name=CV_NAME)
    set_wishes(dossier, [position.pk], by=candidate)
    version = submit_dossier(dossier, by=candidate)
    dossier.refresh_from_db()

    # --- An administration's proposal on a call for challenges ---
    challenge_call = new_call(promotion, Call.Kind.CHALLENGES, "appel-kit-defis", "Appel à défis du kit", "KITD")
    administration = AdministrationFactory(
        name="Ministère du kit", slug="ministere-du-kit", kind=Administration.Kind.CENTRAL, town="Paris"
    )
    agent = UserFactory(email="agent@kit.example", first_name="Alice", last_name="Agente")
    confirmed_agent(agent, administration, function="Cheffe de projet numérique")
    proposal = start_proposal(challenge_call, by=agent, administration=administration)
    renumber(proposal.dossier, PROPOSAL_NUMBER)
    proposal.refresh_from_db()
    fill(proposal.dossier, by=agent, file_name=PLAN_NAME)
    proposal_version = submit_proposal(proposal, by=agent)
    proposal.refresh_from_db()

    # --- Readers: a reviewer each, a jury each ---
    grids = {
        "candidate": grid_of(application_call, CANDIDATE_PRESCREENING),
        "proposal": grid_of(challenge_call, CHALLENGE_JURY),
    }
    reviewers = {
        "candidate": seat_reviewer(grids["candidate"], "relecteur@kit.example", "Rémi", "Relecteur", dossier),
        "proposal": seat_reviewer(grids["proposal"], "relectrice@kit.example", "Rita", "Relectrice", proposal.dossier),
    }
    candidate_jury_grid = grid_of(application_call, CANDIDATE_JURY)
    juries, jurors, auditions = {}, {}, {}
    juries["candidate"], jurors["candidate"], auditions["candidate"] = hear(
        application_call,
        Jury.Kind.CANDIDATES,
        candidate_jury_grid,
        dossier,
        "jure-candidats@kit.example",
        "Ada Lovelace",
    )
    juries["proposal"], jurors["proposal"], auditions["proposal"] = hear(
        challenge_call,
        Jury.Kind.CHALLENGES,
        grids["proposal"],
        proposal.dossier,
        "jure-defis@kit.example",
        "Ministère du kit",
    )
    return World(
        staff=staff,
        candidate=candidate,
        agent=agent,
        application_call=application_call,
        challenge_call=challenge_call,
        dossier=dossier,
        version=version,
        proposal=proposal,
        proposal_version=proposal_version,
        review_grids=grids,
        reviewers=reviewers,
        juries=juries,
        jurors=jurors,
        auditions=auditions,
    )
