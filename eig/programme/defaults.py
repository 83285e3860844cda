"""The forms of the ten months, configured by default as the programme ran them.

Each is a call of the promotion (eig.calls: steps and questions, edited by staff like any
other form), open for the whole programme. Two keys of the retrospective are read by the
signals (signals.py): `humeur` (the state of mind, 1 to 5) and `aide` (the help asked; an answer
raises a signal). `reserve_programme` (yes/no) marks an answer as for the programme team only.

Sources: the call for applications promises an induction week, a weekly check-in, daily and
monthly mentoring (DOMAIN.md step 9); the real programme's check-in tool (« Bulletins ») asked
each week for a state of mind, the week's priority, what went well, what was hard and the help
needed. The onboarding items follow the hiring steps of the rules (contract with the host,
agreement with the programme, start date, equipment and access, charter).
"""

import datetime

from django.db import transaction

from eig.calls.defaults import install_form
from eig.calls.models import Call
from eig.promotions.models import Phase, Promotion

MOOD_KEY = "humeur"
HELP_KEY = "aide"
PROGRAMME_ONLY_KEY = "reserve_programme"
PDF_OR_IMAGE = ["application/pdf", "image/png", "image/jpeg"]

MOODS = [
    ["1", "1 — Très difficile"],
    ["2", "2 — Difficile"],
    ["3", "3 — Correct"],
    ["4", "4 — Bien"],
    ["5", "5 — Très bien"],
]

RETROSPECTIVE_FORM = [
    (
        "semaine",
        "Ma semaine",
        [
            (MOOD_KEY, "single_choice", "Mon état d'esprit cette semaine", {"choices": MOODS}),
            ("priorite", "long_text", "La priorité de la semaine", {"max_length": 1000}),
            ("reussites", "long_text", "Ce qui a bien marché", {"max_length": 2000}),
            ("difficultes", "long_text", "Ce qui a été difficile", {"max_length": 2000, "required": False}),
            (
                HELP_KEY,
                "long_text",
                "L'aide dont j'ai besoin (laissez vide si aucune : une réponse alerte l'équipe du programme)",
                {"max_length": 1000, "required": False},
            ),
            (
                PROGRAMME_ONLY_KEY,
                "yes_no",
                "Réserver ce bilan à l'équipe du programme (ni l'équipe, ni les mentors, ni l'administration ne le lisent)",
                {"required": False},
            ),
        ],
    )
]

FELLOW_ONBOARDING_FORM = [
    (
        "arrivee",
        "Mon arrivée",
        [
            ("contrat_signe", "declaration", "J'ai signé mon contrat avec l'administration d'accueil.", {}),
            ("contrat", "file", "Mon contrat signé (PDF)", {"file_types": ["application/pdf"], "required": False}),
            ("convention_signee", "declaration", "J'ai signé la convention avec le programme.", {}),
            ("date_arrivee", "date", "Ma date de prise de poste confirmée", {}),
            ("charte", "declaration", "J'ai lu et j'accepte la charte des entrepreneur·es d'intérêt général.", {}),
        ],
    )
]

HOST_ONBOARDING_FORM = [
    (
        "accueil",
        "L'accueil de l'équipe",
        [
            ("contrats_signes", "declaration", "Les contrats de l'équipe sont signés.", {}),
            ("date_arrivee", "date", "La date d'arrivée de l'équipe, confirmée", {}),
            ("poste_travail", "declaration", "Les postes de travail et le matériel sont prêts.", {}),
            ("acces", "declaration", "Les accès (badges, comptes, messagerie, données) sont ouverts.", {}),
            (
                "convention",
                "file",
                "La convention signée avec le programme (PDF)",
                {"file_types": ["application/pdf"], "required": False},
            ),
            ("mentor_designe", "declaration", "Le mentor opérationnel est désigné et disponible.", {}),
        ],
    )
]

FORMS = {
    Call.Kind.FELLOW_ONBOARDING: ("Liste d'arrivée", "ARR", FELLOW_ONBOARDING_FORM),
    Call.Kind.HOST_ONBOARDING: ("Liste d'accueil", "ACC", HOST_ONBOARDING_FORM),
    Call.Kind.RETROSPECTIVE: ("Bilan hebdomadaire", "BIL", RETROSPECTIVE_FORM),
}


def _window(promotion: Promotion) -> tuple[datetime.datetime, datetime.datetime]:
    """The forms are open from the announcement (or three months before the programme) to a month after it."""
    phases = {p.kind: p for p in Phase.objects.filter(promotion=promotion)}
    programme = phases.get(Phase.Kind.PROGRAMME)
    if programme is None:
        raise ValueError(f"{promotion} has no programme phase")
    opens = programme.starts_at - datetime.timedelta(days=90)
    ends = programme.ends_at or programme.starts_at + datetime.timedelta(days=310)
    return opens, ends + datetime.timedelta(days=30)


# The forms of apps above the programme (eig.results' handover plan), installed with these (the first
# accepted offer, the staff overview's button): {call kind: install(promotion, *, by)}, each filled
# from its app's AppConfig.ready() through `register_form` (the programme names no app above it).
EXTRA_FORMS: dict = {}


def register_form(kind: str, install) -> None:
    EXTRA_FORMS[kind] = install


def form_call(promotion: Promotion, kind: str) -> Call | None:
    return Call.objects.filter(promotion=promotion, kind=kind).order_by("-opens_at").first()


def new_form_call(promotion: Promotion, kind: str, *, title: str, prefix: str, slug: str, opens_at, closes_at) -> Call:
    """A form of the promotion (a call of the kit filled by its people): titled « <title> — EIG 7 »,
    its dossiers numbered « <prefix>-EIG7-… ». The forms of the ten months, the handover plan and the
    surveys (eig.results) are made here."""
    return Call.objects.create(
        promotion=promotion,
        kind=kind,
        title=f"{title} — {promotion.label}",
        slug=slug,
        opens_at=opens_at,
        closes_at=closes_at,
        dossier_prefix=f"{prefix}-{promotion.programme.code}{promotion.number}",
    )


def install_programme_forms(promotion: Promotion) -> dict[str, Call]:
    """The promotion's three forms of the ten months (created once, completed if questions are missing)."""
    opens, closes = _window(promotion)
    calls = {}
    with transaction.atomic():
        for kind, (title, prefix, form) in FORMS.items():
            call = form_call(promotion, kind)
            if call is None:
                call = new_form_call(
                    promotion,
                    kind,
                    title=title,
                    prefix=prefix,
                    slug=f"{promotion.slug}-{kind.replace('_', '-')}",
                    opens_at=opens,
                    closes_at=closes,
                )
            install_form(call, form)
            calls[kind] = call
    return calls
