"""`make bench ONLY=promotion-pages`: the staff pages of a promotion in its ten months, at full size.

60 teams, 150 fellows, 40 weeks of weekly retrospectives each (6,000 dossiers of the kit with
their answers), mentors, objectives with weekly measures, and signals at every state with their
log: the server time of the staff signals page and of the promotion overview, and of one team's
retrospectives, with their query counts compared with a promotion of 2 teams and 5 fellows.

As review_pages.py: the runner's process never sets Django up; it runs this module again as
`python -m tests.bench.promotion_pages` on a fresh SQLite database of its own, which migrates,
writes the world with bulk inserts, then times the pages through django.test.Client.
"""

import json
import os

from tests.bench.inprocess import run_child, time_page
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import cpu_busy, wait_until_quiet

TEAMS, FELLOWS, WEEKS = 60, 150, 40
SMALL_TEAMS, SMALL_FELLOWS = 2, 5
SIGNALS = 400
REQUESTS, WARM_UP = 20, 3
SEED = 20261207
TARGET_MS = "< 300"


# --- In the child process -------------------------------------------------------------


def _seed(slug, number, *, teams, fellows, weeks, signals, rng):
    """A promotion `weeks` weeks into its programme, with its teams, fellows, retrospectives,
    mentors, objectives and signals, written by bulk inserts."""
    import datetime

    from django.utils import timezone

    from eig.accounts.models import Role, User
    from eig.calls.models import Answer, Call, Dossier, DossierVersion, Question
    from eig.challenges.models import Challenge
    from eig.core.models import ActivityLog
    from eig.programme.defaults import HELP_KEY, MOOD_KEY, PROGRAMME_ONLY_KEY, install_programme_forms
    from eig.programme.fellows import setup_of
    from eig.programme.models import Fellow, Measure, Mentor, Objective, Retrospective, Signal
    from eig.promotions.models import Phase
    from tests.factories import AdministrationFactory, ChallengeFactory, PromotionFactory

    now = timezone.now()
    monday = timezone.localdate(now) - datetime.timedelta(days=timezone.localdate(now).weekday())
    first_week = monday - datetime.timedelta(weeks=weeks)
    start = timezone.make_aware(datetime.datetime.combine(first_week, datetime.time(9)))
    promotion = PromotionFactory(slug=slug, number=number, year=first_week.year)
    Phase.objects.create(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        starts_at=start,
        ends_at=start + datetime.timedelta(weeks=max(weeks + 4, 44)),
    )
    calls = install_programme_forms(promotion)
    setup_of(promotion)
    call = calls[Call.Kind.RETROSPECTIVE]
    questions = {q.key: q for q in Question.objects.filter(step__call=call)}
    challenges = [
        ChallengeFactory(
            promotion=promotion,
            title=f"Défi {slug} {i:02d}",
            slug=f"defi-{i:02d}",
            administration=AdministrationFactory(name=f"Administration {slug} {i:02d}"),
            status=Challenge.Status.IN_PROGRESS,
        )
        for i in range(teams)
    ]
    users = User.objects.bulk_create(
        User(email=f"{slug}-fellow-{i:04d}@example.org", first_name="F", last_name=str(i), roles=[Role.FELLOW.value])
        for i in range(fellows)
    )
    fellow_rows = Fellow.objects.bulk_create(
        Fellow(
            promotion=promotion,
            challenge=challenges[i % teams],
            user=user,
            name=f"Fellow {i}",
            profile_label="Développement",
            status=Fellow.Status.ACTIVE,
            start_date=first_week,
            started_on=first_week,
        )
        for i, user in enumerate(users)
    )
    mentors = User.objects.bulk_create(
        User(email=f"{slug}-mentor-{i:03d}@example.org", first_name="M", last_name=str(i), roles=[Role.MENTOR.value])
        for i in range(teams)
    )
    Mentor.objects.bulk_create(
        Mentor(challenge=challenges[i], user=user, kind=Mentor.Kind.OPERATIONAL, name=f"Mentor {i}")
        for i, user in enumerate(mentors)
    )
    objectives = Objective.objects.bulk_create(
        Objective(challenge=c, order=o, title=f"Objectif {o}", indicator="Utilisateurs", target=1000)
        for c in challenges
        for o in range(3)
    )
    Measure.objects.bulk_create(
        Measure(
            objective=objective,
            on=first_week + datetime.timedelta(weeks=w),
            value=w * 25,
            course=rng.choice(["on_track", "on_track", "at_risk", "off_track"]),
        )
        for objective in objectives
        for w in range(0, weeks, 4)
    )
    # The retrospectives: one dossier per fellow per week, with its version and answers.
    dossiers, retrospectives = [], []
    for f, fellow in enumerate(fellow_rows):
        for w in range(weeks):
            week = first_week + datetime.timedelta(weeks=w)
            year, iso_week, _day = week.isocalendar()
            submitted = timezone.make_aware(
                datetime.datetime.combine(week + datetime.timedelta(days=4), datetime.time(17))
            )
            dossiers.append(
                Dossier(
                    call=call,
                    owner_id=fellow.user_id,
                    number=f"BIL-{slug}-{f:04d}-{w:02d}",
                    status=Dossier.Status.SUBMITTED,
                    submitted_at=submitted,
                    version=1,
                    period=f"{year}-W{iso_week:02d}",
                )
            )
    dossiers = Dossier.objects.bulk_create(dossiers, batch_size=2000)
    answers, versions = [], []
    for index, dossier in enumerate(dossiers):
        f, w = divmod(index, weeks)
        fellow = fellow_rows[f]
        mood = rng.choice([2, 3, 3, 4, 4, 5])
        help_text = "Accès aux données bloqué" if rng.random() < 0.05 else ""
        private = rng.random() < 0.05
        values = {
            MOOD_KEY: str(mood),
            "priorite": f"Priorité de la semaine {w}",
            "reussites": "La mise en production de la première version.",
            "difficultes": "Des réunions trop nombreuses.",
            HELP_KEY: help_text or None,
            PROGRAMME_ONLY_KEY: private,
        }
        answers += [Answer(dossier=dossier, question=questions[k], value=v) for k, v in values.items() if v is not None]
        versions.append(
            DossierVersion(
                dossier=dossier,
                number=1,
                submitted_at=dossier.submitted_at,
                content={"answers": values},
                digest="0" * 64,
            )
        )
        retrospectives.append(
            Retrospective(
                fellow=fellow,
                week=first_week + datetime.timedelta(weeks=w),
                dossier=dossier,
                programme_only=private,
                mood=mood,
                asks_help=bool(help_text),
                submitted_at=dossier.submitted_at,
            )
        )
    Answer.objects.bulk_create(answers, batch_size=5000)
    DossierVersion.objects.bulk_create(versions, batch_size=2000)
    Retrospective.objects.bulk_create(retrospectives, batch_size=2000)
    states = ["open", "open", "acknowledged", "followed_up", "closed"]
    kinds = [k for k, _label in Signal.Kind.choices]
    signal_rows = Signal.objects.bulk_create(
        Signal(
            promotion=promotion,
            challenge=fellow_rows[i % fellows].challenge,
            fellow=fellow_rows[i % fellows],
            kind=kinds[i % len(kinds)],
            key=f"bench:{slug}:{i}",
            summary=f"Signal {i} du banc",
            raised_at=now - datetime.timedelta(hours=i),
            state=states[i % len(states)],
            note="Appel passé à l'équipe." if states[i % len(states)] != "open" else "",
        )
        for i in range(signals)
    )
    ActivityLog.objects.bulk_create(
        ActivityLog(verb=verb, target_type="programme.signal", target_id=str(signal.pk), data={})
        for signal in signal_rows
        for verb in ["signal.raised"] + (["signal.acknowledged"] if signal.state != "open" else [])
    )
    return promotion, challenges[0]


def _time(client, path, *, requests=REQUESTS, warm_up=WARM_UP):
    return time_page(client, path, requests=requests, warm_up=warm_up)


def child() -> dict:
    import random
    import time

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from tests.factories import StaffFactory, with_totp

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    rng = random.Random(SEED)
    started = time.perf_counter()
    with transaction.atomic():
        big, big_team = _seed("banc-grand", 90, teams=TEAMS, fellows=FELLOWS, weeks=WEEKS, signals=SIGNALS, rng=rng)
        small, small_team = _seed(
            "banc-petit", 91, teams=SMALL_TEAMS, fellows=SMALL_FELLOWS, weeks=WEEKS, signals=SMALL_FELLOWS, rng=rng
        )
        staff = with_totp(StaffFactory(email="banc-equipe@eig.example"))
    seeded = time.perf_counter() - started
    client = Client()
    client.force_login(staff)

    def page(name, promotion):
        return reverse(name, kwargs={"promotion": promotion.slug})

    def team_page(challenge):
        return reverse("programme:team_retrospectives", kwargs={"challenge": challenge.pk})

    return {
        "migrate_seconds": migrated,
        "seed_seconds": seeded,
        "signals": _time(client, page("staff:programme_signals", big)),
        "signals_small": _time(client, page("staff:programme_signals", small), requests=3, warm_up=1),
        "overview": _time(client, page("staff:programme_overview", big)),
        "overview_small": _time(client, page("staff:programme_overview", small), requests=3, warm_up=1),
        "retrospectives": _time(client, team_page(big_team), requests=10),
        "retrospectives_small": _time(client, team_page(small_team), requests=3, warm_up=1),
    }


# --- In the runner --------------------------------------------------------------------


@benchmark(
    "promotion-pages",
    title="Staff signals page and promotion overview: 60 teams, 150 fellows, 40 weeks of retrospectives",
    description=(
        f"A promotion {WEEKS} weeks into its programme: {TEAMS} teams, {FELLOWS} fellows, {FELLOWS * WEEKS:,} weekly "
        f"retrospectives (dossiers of the kit with their answers and versions), {TEAMS} mentors, 3 objectives per "
        f"team with a measure every 4 weeks, {SIGNALS} signals at every state with their log, written by bulk inserts "
        f"on a fresh SQLite database: server time of the staff signals page, the promotion overview and one team's "
        f"retrospectives, {REQUESTS} requests each through django.test.Client after {WARM_UP} unmeasured ones; query "
        f"counts compared with a promotion of {SMALL_TEAMS} teams and {SMALL_FELLOWS} fellows."
    ),
)
def promotion_pages():
    busy = wait_until_quiet(max_wait=300)
    data = run_child("tests.bench.promotion_pages", "promotion-pages")
    busy_after = cpu_busy(1)
    figures = []
    for key, label, small_label in [
        ("signals", "staff signals page", f"{SMALL_FELLOWS} fellows"),
        ("overview", "promotion overview", f"{SMALL_FELLOWS} fellows"),
        ("retrospectives", "one team's retrospectives", "a team of 3"),
    ]:
        big, small = data[key], data[f"{key}_small"]
        figures += [
            Figure(f"{label}, {FELLOWS} fellows: server time median", big["median_ms"], "ms"),
            Figure(f"{label}, {FELLOWS} fellows: server time p95", big["p95_ms"], "ms", TARGET_MS),
            Figure(f"{label}: queries with {FELLOWS} fellows", big["queries"], "queries"),
            Figure(f"{label}: queries with {small_label}", small["queries"], "queries"),
            Figure(f"{label}: extra queries at full size", big["queries"] - small["queries"], "queries", "== 0"),
        ]
    notes = [
        f"Fresh SQLite database (WAL), DEBUG=0; migrate took {data['migrate_seconds']:.0f} s and the bulk "
        f"inserts {data['seed_seconds']:.0f} s (not measured).",
        "Server time is the wall time of `Client.get` in the same process: URL resolution, middleware, "
        "session, view, queries and template, without the network or a WSGI server.",
        f"HTML sizes: signals {data['signals']['bytes'] // 1024} KiB, overview {data['overview']['bytes'] // 1024} KiB, "
        f"team retrospectives {data['retrospectives']['bytes'] // 1024} KiB.",
        f"Other work on the machine: {busy:.0%} of all cores busy just before the run, {busy_after:.0%} just "
        "after (the measured requests run on one core).",
    ]
    return Result(figures, notes)


if __name__ == "__main__":
    print(json.dumps(child()))
