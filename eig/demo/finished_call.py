"""The finished promotion's call for applications, closed long before its ten months.

So that the programme team's funnel (eig.reporting: staff:reporting_funnel) has someone at every
stage, from the dossier started to the programme finished: the finished promotion's ten fellows
applied to it (the demo reviewer account among them), with eighteen other fictional people.

    stopped at                  who                                    women, men, « ne se prononce pas »
    finished the programme      the ten fellows (finished.py's story)  6, 4
    heard by the jury           4 others                               2, 2
    admissible                  4 others                               2, 2
    submitted, not admissible   6 others                               2, 3, 1
    draft                       4 others                               2, 2

The fellows were recorded without offers (the promotion predates them: people.record_fellow); the
funnel finds each by their person and promotion. The dossiers, the pre-screening decisions and the
auditions are written directly (deterministic, like selection.py), at moments before the
programme started; the grid and the jury through their installers. Idempotent: rows are found
again by their natural keys, so a second load writes nothing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.defaults import install_application_form
from eig.calls.models import Answer, Call, Dossier, DossierVersion
from eig.calls.services import answers_of, questions_of, snapshot
from eig.challenges.models import Position
from eig.juries import services as jury_services
from eig.juries.models import Audition
from eig.programme.fellows import setup_of
from eig.reviews.defaults import CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Decision, Grid

from . import finished_data as story
from . import people
from .dossiers import DECLARATIONS, PROFILE_OF, _answers
from .finished import dated
from .programme_calendar import DAY, at

PROFESSION_OF = {code: profession for profession, code in PROFILE_OF.items()}
# The stages a dossier of this call stopped at, furthest first.
FELLOW, HEARD, ADMISSIBLE, SUBMITTED, DRAFT = "fellow", "heard", "admissible", "submitted", "draft"


@dataclass(frozen=True)
class Applicant:
    first: str
    last: str
    civility: str
    town: str
    profile: str  # a Profile code of the finished promotion's positions
    stopped: str  # FELLOW … DRAFT
    challenge: str = ""  # a fellow's team (finished_data's slugs); others wish the first fitting position
    key: str = ""  # a fellow's key in finished_data.ALUMNI


# The fellows: civility and town of each (finished_data tells the rest).
FELLOWS = {
    story.DEMO: ("madame", "Brest"),
    story.MARGAUX: ("madame", "Brest"),
    story.THEO: ("monsieur", "Nantes"),
    story.SALOME: ("madame", "Paris"),
    story.BASTIEN: ("monsieur", "Lille"),
    story.NADIA: ("madame", "Lyon"),
    story.VICTOR: ("monsieur", "Toulouse"),
    story.ANAIS: ("madame", "Bordeaux"),
    story.KARIMA: ("madame", "Paris"),
    story.ROMAIN: ("monsieur", "Strasbourg"),
}
OTHERS = [
    Applicant("Camille", "Rivière", "madame", "Rennes", "dev", HEARD),
    Applicant("Lucas", "Meunier", "monsieur", "Paris", "datascience", HEARD),
    Applicant("Sarah", "Benali", "madame", "Marseille", "design", HEARD),
    Applicant("Hugo", "Vasseur", "monsieur", "Grenoble", "dataengineering", HEARD),
    Applicant("Léna", "Roche", "madame", "Dijon", "dev", ADMISSIBLE),
    Applicant("Paul", "Lebrun", "monsieur", "Montpellier", "datascience", ADMISSIBLE),
    Applicant("Inès", "Carré", "madame", "Tours", "design", ADMISSIBLE),
    Applicant("Julien", "Marty", "monsieur", "Rouen", "dev", ADMISSIBLE),
    Applicant("Emma", "Girardin", "madame", "Nice", "dev", SUBMITTED),
    Applicant("Nicolas", "Petit", "monsieur", "Paris", "dev", SUBMITTED),
    Applicant("Yasmine", "Chérif", "madame", "Lyon", "datascience", SUBMITTED),
    Applicant("Alexandre", "Morin", "monsieur", "Nancy", "design", SUBMITTED),
    Applicant("Sacha", "Leroy", "non_precise", "Poitiers", "dataengineering", SUBMITTED),
    Applicant("Kevin", "Dumas", "monsieur", "Clermont-Ferrand", "datascience", SUBMITTED),
    Applicant("Manon", "Giraud", "madame", "Besançon", "dev", DRAFT),
    Applicant("Quentin", "Faure", "monsieur", "Paris", "datascience", DRAFT),
    Applicant("Chloé", "Barbier", "madame", "Rouen", "design", DRAFT),
    Applicant("Adrien", "Noël", "monsieur", "Lille", "design", DRAFT),
]


def applicants() -> list[Applicant]:
    """The fellows first, in finished_data's order, then the others."""
    fellows = [
        Applicant(item.first, item.last, *FELLOWS[item.key], item.profile, FELLOW, item.challenge, item.key)
        for item in story.ALUMNI
    ]
    return fellows + OTHERS


class FinishedCallBuilder:
    def __init__(self, promotion, *, reviewer):
        self.promotion = promotion
        self.reviewer = reviewer  # the demo reviewer account, the fellow of finished_data.DEMO
        start = setup_of(promotion).start_date
        self.opens_at = at(start - 230 * DAY, 10)
        self.closes_at = at(start - 200 * DAY, 23)
        self.decided_at = at(start - 185 * DAY, 17)
        self.heard_at = at(start - 168 * DAY, 9)  # a Monday and a Tuesday (the programme starts on a Monday)

    def build(self, *, staff) -> Call:
        call = self.build_call()
        positions = list(
            Position.objects.filter(challenge__promotion=self.promotion)
            .select_related("challenge", "profile")
            .order_by("challenge__pk", "order", "pk")
        )
        dossiers = [(self.build_dossier(call, i, a, positions), a) for i, a in enumerate(applicants())]
        grid = install_grid(call, CANDIDATE_PRESCREENING, opens_at=self.opens_at, closes_at=self.decided_at - DAY, k=2)
        with dated(self.decided_at):
            jury = jury_services.create_jury(call, by=staff)
        heard = 0
        for dossier, applicant in dossiers:
            if applicant.stopped != DRAFT:
                self.decide(grid, dossier, admissible=applicant.stopped != SUBMITTED, staff=staff)
            if applicant.stopped in (FELLOW, HEARD):
                # Seven a day, every 45 minutes from 9 o'clock, on two days.
                starts_at = self.heard_at + (heard // 7) * DAY + datetime.timedelta(minutes=45 * (heard % 7))
                Audition.objects.get_or_create(
                    jury=jury,
                    dossier=dossier,
                    defaults={
                        "starts_at": starts_at,
                        "ends_at": starts_at + datetime.timedelta(minutes=40),
                        "attendance": Audition.Attendance.PRESENT,
                        "auditionee": dossier.owner.get_full_name(),
                        "auditionee_emails": [dossier.owner.email],
                    },
                )
                heard += 1
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

    def _user(self, applicant: Applicant):
        if applicant.key == story.DEMO:
            return self.reviewer
        if applicant.stopped == FELLOW:
            return get_user_model().objects.get(email=people.fictional_email(applicant.first, applicant.last))
        # Fictional people never sign in: an unusable password.
        return people.fictional_user(
            applicant.first, applicant.last, Role.CANDIDATE.value, password=make_password(None)
        )

    def build_dossier(self, call, index: int, applicant: Applicant, positions) -> Dossier:
        user = self._user(applicant)
        submitted = applicant.stopped != DRAFT
        moment = self.opens_at + datetime.timedelta(days=index, hours=index % 7)
        with dated(moment, Dossier, Answer):
            dossier, created = Dossier.objects.get_or_create(
                call=call,
                owner=user,
                shared=False,
                defaults={
                    "number": f"{call.dossier_prefix}-{index + 1:06d}",
                    "status": Dossier.Status.SUBMITTED if submitted else Dossier.Status.DRAFT,
                    "submitted_at": moment if submitted else None,
                    "version": 1 if submitted else 0,
                },
            )
            if not created:
                return dossier
            fitting = [p for p in positions if p.profile.code == applicant.profile]
            wished = next((p for p in fitting if p.challenge.slug == applicant.challenge), None)
            wished = wished or (fitting or positions)[index % len(fitting or positions)]
            values = _answers(
                user.first_name,
                user.last_name,
                applicant.civility,
                applicant.town,
                PROFESSION_OF.get(applicant.profile, "developer"),
                3 + index % 9,
                300 + index,
                wished.challenge.title,
            )
            steps = values if submitted else {"identite": values["identite"], "parcours": values["parcours"]}
            if submitted:
                steps["declarations"] = DECLARATIONS
            questions = {q.key: q for q in questions_of(call)}
            Answer.objects.bulk_create(
                Answer(dossier=dossier, question=questions[key], value=value)
                for step in steps.values()
                for key, value in step.items()
                if key in questions
            )
            Wish.objects.create(dossier=dossier, position=wished, rank=1)
        if submitted:
            content, digest = snapshot(dossier, questions_of(call), answers_of(dossier))
            DossierVersion.objects.create(
                dossier=dossier, number=1, submitted_at=moment, content=content, digest=digest
            )
        return dossier

    def decide(self, grid: Grid, dossier: Dossier, *, admissible: bool, staff):
        Decision.objects.get_or_create(
            grid=grid,
            dossier=dossier,
            defaults={
                "admissible": admissible,
                "reason": Decision.Reason.SELECTED if admissible else Decision.Reason.RANKING,
                "decided_by": staff,
                "decided_at": self.decided_at,
            },
        )
