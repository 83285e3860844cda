"""The 2020 challenge jury (EIG promotion 4, 24–25 March 2020) as a pure-Python fixture.

No Django: the panel engine's tests and bench, and the timetable engine's, build on it. The
shape follows `reference/rules/Guide_jury_EIG4.txt`: 48 jurors, 21 challenges auditioned over
4 half-days in 2 parallel rooms (8 slots), 8 panels of 5 to 8 jurors hearing 2 or 3 challenges
each, no juror sitting more than one half-day. The people are fictitious (« Membre 01 »…): only
the distribution of their profiles follows the Guide's list (about 40 % administration, 20 %
association, 10 % research, 15 % entrepreneurship, 10 % alumni, 5 % programme team; 25 women,
23 men). The challenges are the Guide's, with their administrations. Everything is drawn from
a fixed seed, so every call returns the same data.

Raw data (module constants):

- `HALF_DAYS`: 4 `HalfDay(id, label, date, start, end)`, ids "mar-matin", "mar-apres-midi",
  "mer-matin", "mer-apres-midi"; mornings 09:00–12:30, afternoons 14:00–17:30.
- `ROOMS`: 2 `Room(id, label)`, ids "salle-1", "salle-2".
- `CHALLENGES`: 21 `Challenge(id, title, administration)`, ids "c01".."c21" in the Guide's order.
- `JURORS`: 48 `JurorRecord(id, name, type, gender, organisation, available)`, ids "j01".."j48";
  `available` is a tuple of 1 to 3 half-day ids.
- `AUDITION_FORMAT`: the challenge audition as (segment, minutes, with the auditionee):
  10 reading, 5 presentation, 15 questions, 10 deliberation; `BREAK_EVERY` = 40 and
  `BREAK_MINUTES` = 10 (a 10-minute break every 40 minutes).

Functions:

- `jurors()` -> list of `panels.Juror` (attributes type, gender, organisation; availability).
- `conflicts()` -> challenge id -> juror ids of the same administration (4 jurors, 12 pairs).
- `items()` -> list of `panels.Item`, one per challenge, with its conflicts.
- `slots()` -> list of `panels.Slot`, half-day × room, in chronological order.
- `labels()` -> id -> French name, for the engines' explanations.
- `instance_2020(**overrides)` -> the `panels.Instance` of the case (8 panels, 5–8 jurors,
  2–3 challenges, at most one panel per juror); keyword arguments replace its fields.
"""

import dataclasses
import datetime
import random
from dataclasses import dataclass

from eig.engines import panels

SEED = 2020


@dataclass(frozen=True)
class HalfDay:
    id: str
    label: str  # a French noun phrase: « le mardi matin »
    date: datetime.date
    start: datetime.time
    end: datetime.time


@dataclass(frozen=True)
class Room:
    id: str
    label: str


@dataclass(frozen=True)
class Challenge:
    id: str
    title: str
    administration: str  # the juror organisation that conflicts with it


@dataclass(frozen=True)
class JurorRecord:
    id: str
    name: str
    type: str
    gender: str
    organisation: str
    available: tuple[str, ...]  # half-day ids


_TUESDAY, _WEDNESDAY = datetime.date(2020, 3, 24), datetime.date(2020, 3, 25)
_MORNING = (datetime.time(9, 0), datetime.time(12, 30))
_AFTERNOON = (datetime.time(14, 0), datetime.time(17, 30))

HALF_DAYS = (
    HalfDay("mar-matin", "le mardi matin", _TUESDAY, *_MORNING),
    HalfDay("mar-apres-midi", "le mardi après-midi", _TUESDAY, *_AFTERNOON),
    HalfDay("mer-matin", "le mercredi matin", _WEDNESDAY, *_MORNING),
    HalfDay("mer-apres-midi", "le mercredi après-midi", _WEDNESDAY, *_AFTERNOON),
)
ROOMS = (Room("salle-1", "salle 1"), Room("salle-2", "salle 2"))

AUDITION_FORMAT = (
    ("lecture", 10, False),
    ("présentation", 5, True),
    ("questions", 15, True),
    ("délibération", 10, False),
)
BREAK_EVERY, BREAK_MINUTES = 40, 10

_CULTURE = "Ministère de la Culture"
_ECOLOGY = "Ministère de la Transition écologique"
_INTERIOR = "Ministère de l'Intérieur"
_INSEE = "Insee"

CHALLENGES = tuple(
    Challenge(f"c{n:02d}", title, administration)
    for n, (title, administration) in enumerate(
        [
            ("Newsroom", "Direction générale des collectivités locales"),
            ("Portail de la langue française", _CULTURE),
            ("Mise en boîte numérique simplifiée", _CULTURE),
            ("L.A.B.E.L", "Cour de cassation"),
            ("France Transition Écologie", _ECOLOGY),
            ("Améliore ta Kaz'", _ECOLOGY),
            ("Cap Qualif", _ECOLOGY),
            ("Data lab du service statistique public", _INSEE),
            ("Filière de publication datavisuelle", _INSEE),
            ("Citius, Altius, Fortius", "Direction du budget"),
            ("Contrôle", "Autorité de sûreté nucléaire"),
            ("CMA Transformation", "Chambre régionale de métiers et de l'artisanat de Nouvelle-Aquitaine"),
            ("MonitorFish", _ECOLOGY),
            ("Consolidex", _ECOLOGY),
            ("Atlas régional de la culture", _CULTURE),
            ("Alvitur", "Ministère de l'Enseignement supérieur, de la Recherche et de l'Innovation"),
            ("DataMed", "Agence nationale de sécurité du médicament"),
            ("ADEX", "Haute Autorité de santé"),
            ("Infocrise Action", _INTERIOR),
            ("Aide à la décision opérationnelle pilotée par la donnée", "Brigade des sapeurs-pompiers de Paris"),
            ("NEOTac", _INTERIOR),
        ],
        start=1,
    )
)

# The Guide's list, by profile: 19 + 10 + 5 + 7 + 5 + 2 = 48.
_TYPES = {"administration": 19, "association": 10, "research": 5, "entrepreneurship": 7, "alumni": 5, "programme": 2}
_ORGANISATIONS = {
    # Four administration jurors work where some challenges come from: the fixture's conflicts.
    "administration": [_CULTURE, _ECOLOGY, _INTERIOR, _INSEE]
    + ["DINUM", "DITP", "DGAFP", "Banque de France", "CNIL", "OCDE", "Etalab", "Cour des comptes"],
    "association": ["Croix-Rouge française", "Latitudes", "Démocratie ouverte", "Entourage", "Fing", "Open Food Facts"],
    "research": ["Inria", "UTC Compiègne", "ENSAE", "CNRS"],
    "entrepreneurship": ["Hiveworks", "Meteoswift", "ShareIT.io", "Aalia Tech", "Ignition Program"],
    "alumni": ["Ancien EIG"],
    "programme": ["Programme EIG"],
}


def _build_jurors() -> tuple[JurorRecord, ...]:
    rng = random.Random(SEED)
    types = [t for t, n in _TYPES.items() for _ in range(n)]
    genders = ["f"] * 25 + ["m"] * 23
    rng.shuffle(genders)
    half_days = [h.id for h in HALF_DAYS]
    records = []
    for n, juror_type in enumerate(types, start=1):
        organisations = _ORGANISATIONS[juror_type]
        if juror_type == "administration" and n <= 4:
            # The first four administration jurors take the conflicting organisations, once each.
            organisation = organisations[n - 1]
        elif juror_type == "administration":
            organisation = organisations[rng.randrange(4, len(organisations))]
        else:
            organisation = rng.choice(organisations)
        available = tuple(sorted(rng.sample(half_days, rng.randint(1, 3)), key=half_days.index))
        records.append(JurorRecord(f"j{n:02d}", f"Membre {n:02d}", juror_type, genders[n - 1], organisation, available))
    return tuple(records)


JURORS = _build_jurors()


def jurors() -> list[panels.Juror]:
    return [
        panels.Juror(
            id=r.id,
            attributes={"type": r.type, "gender": r.gender, "organisation": r.organisation},
            available=frozenset(r.available),
            max_panels=1,  # Guide 2020: no juror sits more than one half-day
        )
        for r in JURORS
    ]


def conflicts() -> dict[str, set[str]]:
    """A juror never hears a challenge of their own administration."""
    return {c.id: {r.id for r in JURORS if r.organisation == c.administration} for c in CHALLENGES}


def items() -> list[panels.Item]:
    conflicted = conflicts()
    return [panels.Item(id=c.id, conflicts=frozenset(conflicted[c.id])) for c in CHALLENGES]


def slots() -> list[panels.Slot]:
    return [panels.Slot(f"{h.id}/{r.id}", h.id, r.id) for h in HALF_DAYS for r in ROOMS]


def labels() -> dict[str, str]:
    names = {r.id: r.name for r in JURORS}
    names |= {c.id: f"« {c.title} » ({c.administration})" for c in CHALLENGES}
    names |= {h.id: h.label for h in HALF_DAYS}
    names |= {r.id: r.label for r in ROOMS}
    return names


def instance_2020(**overrides) -> panels.Instance:
    instance = panels.Instance(
        jurors=jurors(),
        items=items(),
        slots=slots(),
        panels=8,
        size_min=5,
        size_max=8,
        items_min=2,
        items_max=3,
        labels=labels(),
    )
    return dataclasses.replace(instance, **overrides)
