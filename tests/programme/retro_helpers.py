"""Writing a fellow's weekly retrospective in tests, through the services the pages call."""

import datetime

from eig.calls import services as dossier_services
from eig.programme import retrospectives
from eig.programme.weeks import current_week

STEP = "semaine"


def answers(*, mood=3, help_text="", programme_only=False) -> dict:
    return {
        "humeur": str(mood),
        "priorite": "Livrer le prototype",
        "reussites": "Les entretiens avec les agents",
        "difficultes": "",
        "aide": help_text,
        "reserve_programme": programme_only,
    }


def weeks_ago(world, n: int) -> datetime.date:
    return current_week(world.now) - datetime.timedelta(weeks=n)


def write(world, key: str, week: datetime.date, *, submit=True, now=None, **given):
    """The fellow `key` opens `week`'s retrospective, answers it and (by default) submits it."""
    fellow = world.fellows[key]
    now = now or world.now
    retrospective = retrospectives.open_retrospective(fellow, week, by=fellow.user, now=now)
    step = retrospective.dossier.call.steps.get(slug=STEP)
    errors = dossier_services.save_step(retrospective.dossier, step, answers(**given), by=fellow.user, now=now)
    assert errors == {}
    if submit:
        retrospectives.submit_retrospective(retrospective, by=fellow.user, now=now)
        retrospective.refresh_from_db()
    return retrospective
