"""`make bench ONLY=reporting`: the candidate funnel across promotions, and the API's challenge list.

Two parts (issue 17's acceptance):

- **The cross-promotion funnel** (staff:reporting_funnel with every breakdown, and its CSV) over
  10 promotions × 5,000 applications: each promotion has a call for applications whose dossiers stop
  at every stage the funnel reads (eig/reporting/queries.py) — drafts; submitted versions (some
  withdrawn since); pre-screening decisions (admissible or not); auditions of the candidate jury
  (held, with the panel's collective grid; absent or only planned ones that do not count);
  selection outcomes (refused, waiting list, laureate) and offers (declined, accepted); fellows who
  started, left early or finished — the three oldest promotions recorded without offers (their
  fellows found by person), the newest one still in its programme. Every dossier has the answers of
  the default application form (a submitted one 20 to 23, six of them long texts; a draft those of
  its first steps), written in the interleaved order of real evenings, and 0 to 3 ranked wishes over
  the six profiles. Timed in-process as results_pages.py does: the runner's process never sets
  Django up (hence the imports inside the child's functions); it runs this module again as
  `python -m tests.bench.reporting` on a fresh SQLite database of its own, which migrates, writes a
  tiny world (2 promotions, 14 applications each) and reads its query counts, writes the full world
  with bulk inserts, then times the pages through django.test.Client. REPORTING_BENCH_PROFILE=1
  prints a cProfile of one request of the page and of the CSV on the child's stderr.
- **The API's challenge list** (GET /api/v1/challenges) under wrk on the loopback, served by
  gunicorn (2 workers) on the demo's SQLite database, with the public challenge list HTML page
  (/defis/) in the same run as an in-house anchor.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

from tests.bench.inprocess import run_child, time_page
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import WRK_SCRIPT, DemoSite, cpu_busy, get, run_wrk, wait_until_quiet

PROMOTIONS, APPLICATIONS = 10, 5_000
# Where the applications of a promotion stop (the furthest stage reached), out of 5,000.
STOPS = {
    "started": 1_500,
    "submitted": 2_000,
    "admissible": 1_100,
    "auditioned": 330,
    "selected": 20,
    "in_post": 10,
    "finished": 40,
}
# The newest promotion is still in its programme: nobody finished yet.
NEWEST_STOPS = {**STOPS, "in_post": 50, "finished": 0}
LEGACY_PROMOTIONS = 3  # the oldest ones: fellows recorded without the platform's offers
CHALLENGES_PER_PROMOTION, POSITIONS_PER_CHALLENGE = 20, 3
SMALL_PROMOTIONS = 2
SMALL_STOPS = dict.fromkeys(STOPS, 2)  # 14 applications per promotion
REQUESTS, WARM_UP = 20, 3
SEED = 20261221
FUNNEL_TARGET = "< 500"

WORKERS = 2
CONNECTIONS = 8
THREADS = 2
WARM_UP_SECONDS = 5
SECONDS = 20
RENDERED_SECONDS = 10
UNIQUE_SCRIPT = Path(__file__).with_name("wrk_unique.lua")  # a new address per request: no cached answer
API_PATH = "/api/v1/challenges"
ANCHOR_PATH = "/defis/"
RPS_TARGET = ">= 500"

assert sum(STOPS.values()) == APPLICATIONS and sum(NEWEST_STOPS.values()) == APPLICATIONS


# --- In the child process: the funnel ---------------------------------------------------------

TEXT = (
    "Dix ans de développement web dans une collectivité, puis la conduite d'un projet de données "
    "ouvertes avec une équipe de quatre personnes : recueil des besoins, prototypes, mise en production. "
)


def _profile_positions(promotion, call, *, prefix):
    """The promotion's recruiting challenges and their positions over the six profiles."""
    from eig.challenges.models import Challenge, Position, Profile
    from tests.factories import AdministrationFactory, ChallengeFactory

    profiles = list(Profile.objects.order_by("order"))
    challenges = [
        ChallengeFactory(
            promotion=promotion,
            title=f"Défi {prefix} {i:02d}",
            slug=f"defi-{prefix}-{i:02d}",
            administration=AdministrationFactory(name=f"Administration {prefix} {i:02d}", slug=f"adm-{prefix}-{i:02d}"),
            status=Challenge.Status.FINISHED,
        )
        for i in range(CHALLENGES_PER_PROMOTION)
    ]
    Position.objects.bulk_create(
        Position(challenge=c, profile=profiles[(i * POSITIONS_PER_CHALLENGE + k) % len(profiles)], order=k)
        for i, c in enumerate(challenges)
        for k in range(POSITIONS_PER_CHALLENGE)
    )
    return list(Position.objects.filter(challenge__promotion=promotion).order_by("pk"))


def _steps(rng, stage_index) -> list[tuple[str, dict]]:
    """A dossier's answers, step by step (the default application form's): a submitted dossier
    filled every step, a draft its first ones."""
    from eig.calls.defaults import PROFESSIONS, REGIONS

    draw = rng.random()
    civility = "madame" if draw < 0.24 else "monsieur" if draw < 0.88 else "non_precise" if draw < 0.94 else None
    region = rng.choice(REGIONS)[0] if rng.random() < 0.85 else None
    steps = [
        (
            "identite",
            {
                "civilite": civility,
                "prenom": "Camille",
                "nom": f"Martin {rng.randint(1, 9999)}",
                "telephone": "06 12 34 56 78",
                "ville": rng.choice(["Rennes", "Lyon", "Paris", "Lille", "Toulouse", "Nantes"]),
                "region": region,
            },
        ),
        (
            "parcours",
            {
                "profession": rng.choice(PROFESSIONS)[0],
                "experience_annees": rng.randint(1, 25),
                "parcours": TEXT * 5,
                "interet_general": TEXT * 4,
                "forge": "https://forge.example/camille" if rng.random() < 0.6 else None,
                "projet": TEXT * 5,
            },
        ),
        (
            "motivation",
            {"motivation": TEXT * 6, "contribution": TEXT * 6, "ressources": TEXT * 3, "binome": None},
        ),
        ("disponibilite", {"disponible": True, "mobilite": rng.random() < 0.7}),
        ("pieces", {"cv": "0b0d3c5e-1f6e-4f7c-9d1a-1234567890ab"}),
        (
            "declarations",
            dict.fromkeys(
                ("personne_physique", "pas_agent_public", "pas_jury", "pas_etudiant", "donnees_personnelles"), True
            ),
        ),
    ]
    if stage_index == 0:  # a draft: stopped somewhere in its form, some before the first step's end
        steps = steps[: rng.randint(1, len(steps) - 1)]
        if rng.random() < 0.2:
            steps[0][1]["civilite"] = steps[0][1]["region"] = None
    return [(slug, {key: value for key, value in values.items() if value is not None}) for slug, values in steps]


def _answer_rows(dossiers, reached, questions, rng):
    """The answers of these dossiers in the order a call's evenings write them: dossiers in waves of
    250 (in a random order), the steps of a wave's dossiers saved in a random interleaving (each
    dossier's in its form's order), so that the answers of one step sit among those of other steps
    and other dossiers, as in a real table."""
    from eig.calls.models import Answer

    order = list(zip(dossiers, reached, strict=True))
    rng.shuffle(order)
    for start in range(0, len(order), 250):
        pending = [(dossier, _steps(rng, r)) for dossier, r in order[start : start + 250]]
        pending = [(dossier, steps[::-1]) for dossier, steps in pending]  # each popped from its end
        while pending:
            i = rng.randrange(len(pending))
            dossier, steps = pending[i]
            _slug, values = steps.pop()
            yield from (Answer(dossier=dossier, question=questions[key], value=value) for key, value in values.items())
            if not steps:
                pending[i] = pending[-1]
                pending.pop()


def _promotion(index, *, prefix, first_number, stops, rng, now):
    """One promotion and its call for applications, its dossiers stopped at `stops` (stage: count)."""
    import datetime

    from eig.accounts.models import Role, User
    from eig.applications.models import Wish
    from eig.calls.models import Answer, Dossier, Question
    from eig.juries.models import Audition, CollectiveScore, Jury
    from eig.programme.models import Fellow
    from eig.reporting.funnel import STAGE_INDEX
    from eig.reviews.models import Decision, Grid
    from eig.selection.models import Offer, Outcome, SelectionRun
    from tests.factories import PromotionFactory
    from tests.factories.reporting import reporting_call

    year = 2016 + index
    number = first_number + index
    promotion = PromotionFactory(slug=f"{prefix}-{index:02d}", number=number, year=year, title=f"EIG {number}")
    call = reporting_call(promotion, slug=f"appel-{prefix}-{index:02d}")
    positions = _profile_positions(promotion, call, prefix=f"{prefix}{index:02d}")
    questions = {q.key: q for q in Question.objects.filter(step__call=call)}
    grid = Grid.objects.get(call=call, phase=Grid.Phase.PRESCREENING)
    jury = Jury.objects.get(call=call, kind=Jury.Kind.CANDIDATES)
    run = SelectionRun.objects.get(call=call)
    legacy = index < LEGACY_PROMOTIONS

    stages = [stage for stage, count in stops.items() for _ in range(count)]
    rng.shuffle(stages)
    users = User.objects.bulk_create(
        (
            User(
                email=f"{prefix}-{index:02d}-{i:05d}@example.org",
                first_name="C",
                last_name=str(i),
                roles=[Role.CANDIDATE.value],
            )
            for i in range(len(stages))
        ),
        batch_size=2000,
    )
    submitted_at = call.closes_at - datetime.timedelta(days=2)
    reached = [STAGE_INDEX[stage] for stage in stages]
    dossiers = Dossier.objects.bulk_create(
        (
            Dossier(
                call=call,
                owner=user,
                number=f"{call.dossier_prefix}-{i:05d}",
                status=(
                    Dossier.Status.DRAFT
                    if r == 0
                    else Dossier.Status.WITHDRAWN
                    if r == 1 and rng.random() < 0.08
                    else Dossier.Status.SUBMITTED
                ),
                submitted_at=submitted_at if r else None,
                version=0 if r == 0 else 2 if rng.random() < 0.15 else 1,
            )
            for i, (user, r) in enumerate(zip(users, reached, strict=True))
        ),
        batch_size=2000,
    )
    Answer.objects.bulk_create(_answer_rows(dossiers, reached, questions, rng), batch_size=5000)
    # 0 to 3 ranked wishes over the promotion's positions (a submitted dossier has at least one).
    wishes = []
    for d, r in zip(dossiers, reached, strict=True):
        count = rng.choice((1, 2, 3, 3)) if r else rng.choice((0, 1, 2, 3))
        for rank, position in enumerate(rng.sample(positions, count), start=1):
            wishes.append(Wish(dossier=d, position=position, rank=rank))
    Wish.objects.bulk_create(wishes, batch_size=5000)

    # Pre-screening: every admissible dossier, and most of those refused at it.
    reasons = [Decision.Reason.RANKING, Decision.Reason.PROFILE, Decision.Reason.INELIGIBLE, Decision.Reason.INCOMPLETE]
    Decision.objects.bulk_create(
        (
            Decision(
                grid=grid,
                dossier=d,
                admissible=r >= 2,
                reason=Decision.Reason.SELECTED if r >= 2 else rng.choice(reasons),
                decided_at=now - datetime.timedelta(days=30),
            )
            for d, r in zip(dossiers, reached, strict=True)
            if r >= 2 or (r == 1 and rng.random() < 0.7)
        ),
        batch_size=5000,
    )
    # Auditions: held (present, with the collective grid) from « auditioned » on; some admissible
    # dossiers were called and did not come, or are only planned: neither counts.
    auditions = []
    for d, r in zip(dossiers, reached, strict=True):
        attendance = (
            Audition.Attendance.PRESENT
            if r >= 3
            else Audition.Attendance.ABSENT
            if r == 2 and rng.random() < 0.04
            else Audition.Attendance.EXPECTED
            if r == 2 and rng.random() < 0.02
            else None
        )
        if attendance is not None:
            auditions.append(
                Audition(
                    jury=jury, dossier=d, attendance=attendance, auditionee=f"Candidat {d.number}", auditionee_emails=[]
                )
            )
    auditions = Audition.objects.bulk_create(auditions, batch_size=5000)
    CollectiveScore.objects.bulk_create(
        CollectiveScore(audition=a, total=rng.randint(8, 20), scores={"total": 1})
        for a in auditions
        if a.attendance == Audition.Attendance.PRESENT
    )
    # Selection: refused or on the waiting list after the audition; laureates offered a position
    # (declined by some), the fellows of an accepted offer. The legacy promotions have no outcome
    # nor offer: their fellows are recorded by person.
    outcomes, offers, fellows = [], [], []
    free = iter(positions)
    for d, r in zip(dossiers, reached, strict=True):
        if r < 3:
            continue
        if r == 3:
            if not legacy:
                decision = Outcome.Decision.WAITING_LIST if rng.random() < 0.2 else Outcome.Decision.REFUSED
                outcomes.append(Outcome(run=run, dossier=d, decision=decision, notified_at=now))
            continue
        started = r >= 5
        status = (
            Fellow.Status.FINISHED
            if r == 6
            else (Fellow.Status.LEFT if index < PROMOTIONS - 1 else Fellow.Status.ACTIVE)
            if r == 5
            else Fellow.Status.LEFT
        )
        if legacy:
            fellows.append((d, None, status, started))
            continue
        outcomes.append(Outcome(run=run, dossier=d, decision=Outcome.Decision.LAUREATE, notified_at=now))
        if r == 4 and rng.random() < 0.3:
            continue  # a laureate told so, whose offer never came (the seats ran out)
        offer = Offer(
            run=run,
            dossier=d,
            position=next(free) if started else positions[0],
            status=Offer.Status.ACCEPTED if started else Offer.Status.DECLINED,
            deadline=now - datetime.timedelta(days=20),
            responded_at=now - datetime.timedelta(days=25),
        )
        offers.append(offer)
        if started:
            fellows.append((d, offer, status, started))
    Outcome.objects.bulk_create(outcomes, batch_size=5000)
    Offer.objects.bulk_create(offers, batch_size=5000)
    start = datetime.date(year, 9, 1)
    Fellow.objects.bulk_create(
        Fellow(
            promotion=promotion,
            challenge=positions[i % len(positions)].challenge,
            user_id=d.owner_id,
            offer=offer,
            name=f"Fellow {d.number}",
            status=status,
            start_date=start,
            started_on=start if started else None,
            left_on=start + datetime.timedelta(weeks=44 if status == Fellow.Status.FINISHED else 12)
            if status != Fellow.Status.ACTIVE
            else None,
        )
        for i, (d, offer, status, started) in enumerate(fellows)
    )
    return promotion


def _world(*, prefix, first_number, promotions, stops, newest_stops, rng):
    from django.db import transaction
    from django.utils import timezone

    now = timezone.now()
    with transaction.atomic():
        return [
            _promotion(
                i,
                prefix=prefix,
                first_number=first_number,
                stops=newest_stops if i == promotions - 1 else stops,
                rng=rng,
                now=now,
            )
            for i in range(promotions)
        ]


def _measure(client, path, *, requests=REQUESTS, warm_up=WARM_UP) -> dict:
    """time_page, with the process's CPU time per request (all the page's requests, warm-up included)."""
    started = time.process_time()
    found = time_page(client, path, requests=requests, warm_up=warm_up)
    found["cpu_ms"] = (time.process_time() - started) * 1000 / (requests + warm_up + 1)
    return found


def _paths() -> dict:
    from django.urls import reverse

    return {
        "page": reverse("staff:reporting_funnel") + "?breakdown=all",
        "csv": reverse("staff:reporting_funnel_csv") + "?breakdown=all",
        "default": reverse("staff:reporting_funnel"),
    }


def _stage_counts() -> list[int]:
    from eig.reporting import queries

    return [cell.count for cell in queries.funnel(breakdowns=()).overall.cells]


def child() -> dict:
    import random

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.factories import StaffFactory, with_totp

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    rng = random.Random(SEED)
    staff = with_totp(StaffFactory(email="banc-rapports@eig.example"))
    client = Client()
    client.force_login(staff)
    paths = _paths()

    # The tiny world first, alone in the database.
    _world(
        prefix="petit",
        first_number=90,
        promotions=SMALL_PROMOTIONS,
        stops=SMALL_STOPS,
        newest_stops=SMALL_STOPS,
        rng=rng,
    )
    small = {key: _measure(client, path, requests=2, warm_up=1) for key, path in paths.items()}
    small_counts = _stage_counts()

    started = time.perf_counter()
    _world(prefix="banc", first_number=1, promotions=PROMOTIONS, stops=STOPS, newest_stops=NEWEST_STOPS, rng=rng)
    seeded = time.perf_counter() - started
    big = {key: _measure(client, path) for key, path in paths.items()}
    if os.environ.get("REPORTING_BENCH_PROFILE"):
        _profile(client, paths)

    from django.db import connection

    from eig.calls.models import Answer, Dossier
    from eig.reporting import queries

    read = []
    for _ in range(5):
        started = time.perf_counter()
        columns = queries.application_columns()
        read.append((time.perf_counter() - started) * 1000)
    return {
        "migrate_seconds": migrated,
        "seed_seconds": seeded,
        "big": big,
        "small": small,
        "rows_ms": statistics.median(read),
        "database_mib": Path(connection.settings_dict["NAME"]).stat().st_size / 2**20,
        "counts": {
            "applications": len(columns.stages),
            "dossiers": Dossier.objects.count(),
            "answers": Answer.objects.count(),
            "stages": _stage_counts(),
            "small_stages": small_counts,
        },
    }


def _profile(client, paths) -> None:
    """REPORTING_BENCH_PROFILE=1: cProfile of one request of each page, on stderr."""
    import cProfile
    import pstats

    for key in ("page", "csv"):
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(paths[key])
        profiler.disable()
        print(f"--- {key} ---", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


# --- In the runner: the API under load -----------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process used so far; 0 when it is gone (as deadline_rush.py)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _group_cpu(pgid: int) -> float:
    """CPU seconds of every process of a process group (gunicorn's arbiter and its workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def _load(site, path, *, seconds=SECONDS, script=WRK_SCRIPT) -> dict:
    status, _headers, _body = get(site.url(f"{path}?_=avant-le-banc" if script == UNIQUE_SCRIPT else path))
    if status != 200:
        raise RuntimeError(f"{path} answered {status} before the run")
    url = site.url(path)
    run_wrk(url, seconds=WARM_UP_SECONDS, connections=CONNECTIONS, threads=THREADS, script=script)
    before = _group_cpu(site.process.pid)
    run = run_wrk(url, seconds=seconds, connections=CONNECTIONS, threads=THREADS, script=script)
    cpu = _group_cpu(site.process.pid) - before
    cpu_ms = cpu * 1000 / max(run.requests, 1)
    print(
        f"  {path}{' (a new address each time)' if script == UNIQUE_SCRIPT else ''}: "
        f"{run.rps:.0f} req/s, p50 {run.p50_ms:.1f} ms, p95 {run.p95_ms:.1f} ms, "
        f"{cpu_ms:.2f} ms CPU/request, {run.status_errors} status errors, {run.socket_errors} socket errors",
        flush=True,
    )
    return {"run": run, "cpu_ms": cpu_ms}


def _api_under_load() -> dict:
    with DemoSite(workers=WORKERS, env={"API_RATE_LIMIT": "0"}) as site:
        _status, _headers, body = get(site.url(API_PATH))
        listed = json.loads(body)["count"]
        busy = wait_until_quiet()
        found = {"api": _load(site, API_PATH), "anchor": _load(site, ANCHOR_PATH)}
        found["busy_after"] = cpu_busy(1)  # our gunicorn is idle again: anything left is someone else's
        found["api_rendered"] = _load(site, API_PATH, seconds=RENDERED_SECONDS, script=UNIQUE_SCRIPT)
        found["busy"], found["listed"] = busy, listed
    return found


# --- The benchmark --------------------------------------------------------------------------------

FUNNEL_PAGES = [
    ("page", "funnel page, all promotions, all breakdowns", FUNNEL_TARGET),
    ("csv", "funnel CSV, all promotions, all breakdowns", FUNNEL_TARGET),
    ("default", "funnel page, all promotions, default breakdown (gender)", None),
]


@benchmark(
    "reporting",
    title="Reporting: the funnel across 10 promotions × 5,000 applications, and the API's challenge list",
    description=(
        f"The staff funnel of every promotion ({PROMOTIONS} promotions, one call for applications of "
        f"{APPLICATIONS:,} dossiers each) with all its breakdowns (gender, profile, region, wish rank, promotion), "
        "as a page and as CSV, timed in-process on a fresh SQLite database: dossiers stopped at every stage "
        "(drafts, submitted versions, pre-screening decisions, held and missed auditions, outcomes, declined and "
        "accepted offers, fellows started, left and finished; the three oldest promotions without offers), with "
        "their form's answers and 0 to 3 ranked wishes; query counts compared with 2 promotions of 14 "
        f"applications. Then the public API's challenge list (GET {API_PATH}) under wrk on the loopback, "
        f"served by gunicorn ({WORKERS} workers) on the demo's SQLite database, with the public challenge "
        f"list page ({ANCHOR_PATH}) as an in-house anchor."
    ),
)
def reporting():
    busy = wait_until_quiet(max_wait=300)
    data = run_child("tests.bench.reporting", "reporting")
    busy_after = cpu_busy(1)
    big, small = data["big"], data["small"]
    figures, uneven = [], []
    for key, label, target in FUNNEL_PAGES:
        extra = big[key]["queries"] - small[key]["queries"]
        if extra:
            uneven.append(f"{label}: {small[key]['queries']} → {big[key]['queries']}")
        figures += [
            Figure(f"{label}: server time median", big[key]["median_ms"], "ms", target),
            Figure(f"{label}: server time p95", big[key]["p95_ms"], "ms", target),
            Figure(f"{label}: CPU time per request", big[key]["cpu_ms"], "ms"),
            Figure(f"{label}: queries at full size", big[key]["queries"], "queries"),
            Figure(f"{label}: queries in the tiny world", small[key]["queries"], "queries"),
            Figure(f"{label}: extra queries at full size", extra, "queries", "== 0"),
        ]
    load = _api_under_load()
    for key, label, target in [("api", "API challenge list", RPS_TARGET), ("anchor", "challenge list page", None)]:
        run, cpu_ms = load[key]["run"], load[key]["cpu_ms"]
        figures += [
            Figure(f"{label}: requests per second", run.rps, "req/s", target),
            Figure(f"{label}: latency p50", run.p50_ms, "ms"),
            Figure(f"{label}: latency p95", run.p95_ms, "ms"),
            Figure(f"{label}: server CPU per request", cpu_ms, "ms"),
            Figure(f"{label}: failed requests (status >= 400 or socket error)", run.failures, "requests", "== 0"),
        ]
    rendered = load["api_rendered"]
    figures += [
        Figure("API challenge list rendered on every request: requests per second", rendered["run"].rps, "req/s"),
        Figure("API challenge list rendered on every request: latency p95", rendered["run"].p95_ms, "ms"),
        Figure("API challenge list rendered on every request: server CPU per request", rendered["cpu_ms"], "ms"),
        Figure(
            "API challenge list rendered on every request: failed requests",
            rendered["run"].failures,
            "requests",
            "== 0",
        ),
    ]
    ratio = load["api"]["run"].rps / max(load["anchor"]["run"].rps, 1)
    figures.append(Figure("API challenge list / challenge list page, requests per second", ratio, "ratio"))
    counts = data["counts"]
    stages = " → ".join(f"{n:,}" for n in counts["stages"])
    notes = [
        f"Funnel: fresh SQLite database (WAL), DEBUG=0; migrate took {data['migrate_seconds']:.0f} s, the full world "
        f"{data['seed_seconds']:.0f} s to write (not measured): {counts['applications']:,} applications "
        f"(the tiny world's {sum(SMALL_STOPS.values()) * SMALL_PROMOTIONS} included), {counts['answers']:,} answers, "
        f"a database of {data['database_mib']:.0f} MiB; reached per stage (started → finished): {stages}. Each "
        f"promotion's dossiers stop at a stage drawn from {', '.join(f'{k} {v:,}' for k, v in STOPS.items())} (the "
        f"newest: in post {NEWEST_STOPS['in_post']}, finished 0).",
        "Funnel: a submitted dossier has the answers of the whole default application form (20 to 23, six long "
        "texts of 580 to 1,150 characters), a draft those of its first steps; they are written as evenings write "
        "them, the steps of 250 dossiers at a time in a random interleaving, so the civilities and regions the "
        "funnel reads lie scattered among the long texts. Wishes: 1 to 3 for a submitted dossier, 0 to 3 for a "
        f"draft, over {CHALLENGES_PER_PROMOTION * POSITIONS_PER_CHALLENGE} positions of the six profiles per "
        "promotion. The submitted versions are the dossiers' version numbers (what the funnel reads); their "
        "frozen contents (DossierVersion) are not written, nothing on the page reads them.",
        f"Funnel: server time is the wall time of `Client.get` in the same process ({REQUESTS} requests after "
        f"{WARM_UP} unmeasured ones) as a staff member with the second factor: URL resolution, middleware, "
        "session, view, queries, computation and template, without the network or a WSGI server. "
        f"Reading the applications alone (`queries.application_columns()`, 8 queries) takes {data['rows_ms']:.0f} ms "
        "(median of 5).",
        f"Funnel: the tiny world ({SMALL_PROMOTIONS} promotions of {sum(SMALL_STOPS.values())} applications, "
        f"reached per stage {' → '.join('masked' if n is None else str(n) for n in counts['small_stages'])}) is "
        "written first and its query counts read before the full world exists.",
        f"API: gunicorn `config.wsgi -c config/gunicorn.conf.py --workers {WORKERS}` (gthread, 4 threads, "
        "keep-alive), `DATABASE_URL=sqlite:///…?conn_max_age=600`, the demo's data (`load_demo`: "
        f"{load['listed']} public challenges, the first page of 20 listed), DEBUG=0, `API_RATE_LIMIT=0` (else "
        f"wrk's single address would meet the 429). wrk `-t{THREADS} -c{CONNECTIONS} -d{SECONDS}s --timeout 5s` "
        f"after a {WARM_UP_SECONDS} s unmeasured warm-up, on {API_PATH} then {ANCHOR_PATH}; both are served "
        "from the cache after the first request of each worker (the API's answer cache under the public content "
        "version, the page cache), as in production.",
        "API: server CPU per request is the CPU time (user + system) of gunicorn's process group (arbiter and "
        "workers, from /proc) over the measured run divided by its requests; wrk runs on the same cores. "
        "A failed request is a status of 400 or more or a socket error (wrk_report.lua); each address answered "
        "200 before the run.",
        f"API rendered on every request: the same wrk for {RENDERED_SECONDS} s (after its own warm-up) with "
        "tests/bench/wrk_unique.lua, which adds a parameter the API ignores (`_=<thread>-<n>`) to each request: "
        "a new address, so the answer cache never has it (and stores each answer, as on a miss).",
        "API: no pretalx (or other outside) anchor exists in the bench yet; the public challenge list page, "
        "served the same way in the same run, is the in-house anchor of the ratio.",
        f"Other work on the machine: {busy:.0%} of all cores busy before the funnel, {busy_after:.0%} after it; "
        f"{load['busy']:.0%} before the load runs, {load['busy_after']:.0%} after the two cached ones.",
    ]
    if uneven:
        message = "QUERY COUNT NOT FLAT (tiny → full): " + "; ".join(uneven)
        print(f"!! reporting: {message}", file=sys.stderr)
        notes.insert(0, f"**{message}.**")
    return Result(figures, notes)


if __name__ == "__main__":
    print(json.dumps(child()))
