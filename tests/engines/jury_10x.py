"""The 2020 challenge jury ten times over: the panel engine's scale case (issue 19).

No Django. `instance_10x()` stacks `copies` (10) copies of `jury_2020`'s 48 jurors and 21
challenges: 480 jurors (190 administration, 100 association, 50 research, 70 entrepreneurship,
50 alumni, 20 programme; 250 women, 230 men), 210 challenges, 80 panels of 5 to 8 jurors hearing
2 or 3 challenges, one panel per juror. Each copy keeps its own administrations (« Insee #3 »),
so the conflicts stay those of 2020, ten times: 120 juror–challenge pairs.

The calendar is a week: 10 half-days (Monday morning to Friday afternoon) × 8 rooms = 80 slots,
so each half-day seats 8 panels side by side (the hard shape: up to 8! ways to lay out the
panels of each half-day, and about 96 jurors available for its 48 seats). Each juror is
available on 1 to 3 of the 10 half-days, drawn from a fixed seed: every call returns the same
data. About a third of the jurors can come on one half-day only.

`copies` scales it (8 panels and ⌈0.8 × copies⌉ rooms per copy), `seed` redraws the
availabilities; keyword arguments replace the `Instance` fields (`time_limit`, `workers`…).
"""

import dataclasses
import math
import random

from eig.engines import panels
from tests.engines import jury_2020

SEED = 2029
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
HALF_DAYS = tuple(
    (f"{day}-{part}", f"le {day} {label}") for day in DAYS for part, label in (("am", "matin"), ("pm", "après-midi"))
)


def jurors(copies: int = 10, seed: int = SEED) -> list[panels.Juror]:
    rng = random.Random(seed)
    half_days = [h for h, _label in HALF_DAYS]
    people = []
    for copy in range(copies):
        for record in jury_2020.JURORS:
            available = frozenset(rng.sample(half_days, rng.randint(1, 3)))
            people.append(
                panels.Juror(
                    id=f"{record.id}-{copy}",
                    attributes={
                        "type": record.type,
                        "gender": record.gender,
                        "organisation": f"{record.organisation} #{copy}",
                    },
                    available=available,
                    max_panels=1,
                )
            )
    return people


def items(copies: int = 10) -> list[panels.Item]:
    conflicted = jury_2020.conflicts()
    return [
        panels.Item(id=f"{c.id}-{copy}", conflicts=frozenset(f"{j}-{copy}" for j in conflicted[c.id]))
        for copy in range(copies)
        for c in jury_2020.CHALLENGES
    ]


def slots(copies: int = 10) -> list[panels.Slot]:
    rooms = math.ceil(0.8 * copies)
    return [panels.Slot(f"{h}/salle-{r}", h, f"salle-{r}") for h, _label in HALF_DAYS for r in range(1, rooms + 1)]


def labels(copies: int = 10) -> dict[str, str]:
    names = {f"{r.id}-{copy}": f"{r.name} ({copy + 1})" for copy in range(copies) for r in jury_2020.JURORS}
    names |= {f"{c.id}-{copy}": f"« {c.title} » ({copy + 1})" for copy in range(copies) for c in jury_2020.CHALLENGES}
    names |= dict(HALF_DAYS)
    names |= {f"salle-{r}": f"salle {r}" for r in range(1, math.ceil(0.8 * copies) + 1)}
    return names


def instance_10x(copies: int = 10, seed: int = SEED, **overrides) -> panels.Instance:
    instance = panels.Instance(
        jurors=jurors(copies, seed),
        items=items(copies),
        slots=slots(copies),
        panels=8 * copies,
        size_min=5,
        size_max=8,
        items_min=2,
        items_max=3,
        labels=labels(copies),
        time_limit=60.0,
    )
    return dataclasses.replace(instance, **overrides)
