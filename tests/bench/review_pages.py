"""`make bench ONLY=review-pages`: the staff ranking and a reviewer's queue with 2,000 dossiers.

The runner's process never sets Django up: the benchmark runs this module again as
`python -m tests.bench.review_pages` on a fresh SQLite database of its own (a temporary
directory), which migrates, writes the world with bulk inserts, then times the pages
through django.test.Client (the whole middleware stack, no network) and prints its
figures as one JSON line.
"""

import json
import os

from tests.bench.inprocess import run_child, time_page
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import cpu_busy, wait_until_quiet

BIG, SMALL = 2_000, 20  # dossiers
REVIEWERS_BIG, REVIEWERS_SMALL = 100, 20
K = 3
REQUESTS, WARM_UP = 20, 3
SEED = 20261201
TARGET_MS = "< 300"


# --- In the child process -------------------------------------------------------------


def _seed_call(slug, prefix, *, dossiers, reviewers, promotion, rng):
    """A closed call with `dossiers` submitted dossiers (named, each wishing one position), its
    jury grid with `reviewers` seated reviewers, K reviews per dossier, all submitted."""
    import datetime

    from django.utils import timezone

    from eig.accounts.models import Role, User
    from eig.applications.models import Wish
    from eig.calls.defaults import install_application_form
    from eig.calls.models import Answer, Call, Dossier, Question
    from eig.challenges.models import Challenge
    from eig.reviews.defaults import CANDIDATE_JURY, install_grid
    from eig.reviews.models import Assignment, Review, Reviewer
    from tests.factories import ChallengeFactory, PositionFactory, profile

    now = timezone.now()
    call = Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.APPLICATIONS,
        title=f"Appel du banc ({dossiers} dossiers)",
        slug=slug,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=20),
        dossier_prefix=prefix,
    )
    install_application_form(call)
    challenge = ChallengeFactory(promotion=promotion, status=Challenge.Status.RECRUITING)
    positions = [
        PositionFactory(challenge=challenge, profile=profile(code)) for code in ("dev", "datascience", "design")
    ]
    owners = User.objects.bulk_create(
        User(
            email=f"{prefix.lower()}-candidate-{i:05d}@example.org",
            first_name="C",
            last_name=str(i),
            roles=["candidate"],
        )
        for i in range(dossiers)
    )
    submitted = call.closes_at - datetime.timedelta(days=1)
    rows = Dossier.objects.bulk_create(
        Dossier(
            call=call,
            owner=owner,
            number=f"{prefix}-{i:06d}",
            status=Dossier.Status.SUBMITTED,
            submitted_at=submitted,
            version=1,
        )
        for i, owner in enumerate(owners)
    )
    questions = {q.key: q for q in Question.objects.filter(step__call=call, key__in=["prenom", "nom"])}
    Answer.objects.bulk_create(
        Answer(dossier=d, question=questions[key], value=f"{key.capitalize()}{i}")
        for i, d in enumerate(rows)
        for key in ("prenom", "nom")
    )
    Wish.objects.bulk_create(Wish(dossier=d, position=positions[i % 3], rank=1) for i, d in enumerate(rows))

    grid = install_grid(
        call,
        CANDIDATE_JURY,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=10),
        reveals_at=now + datetime.timedelta(days=10),
        k=K,
    )
    users = User.objects.bulk_create(
        User(email=f"{prefix.lower()}-reviewer-{j:03d}@jury.example", roles=[Role.REVIEWER]) for j in range(reviewers)
    )
    seats = Reviewer.objects.bulk_create(
        Reviewer(
            grid=grid,
            email=u.email,
            user=u,
            tags=[("dev", "datascience", "design")[j % 3]],
            capacity=dossiers * K // reviewers + 5,
            accepted_at=now,
        )
        for j, u in enumerate(users)
    )
    # Dossier i goes to reviewers i, i+1, i+2 (mod R): every reviewer shares dossiers with the
    # next ones, so the calibration sees one connected panel.
    assignments = Assignment.objects.bulk_create(
        Assignment(reviewer=seats[(i + j) % reviewers], dossier=d, source=Assignment.Source.ENGINE, reason="banc")
        for i, d in enumerate(rows)
        for j in range(K)
    )
    criteria = list(grid.criteria.all())
    quality = [rng.gauss(2.5, 0.8) for _ in rows]
    severity = [rng.gauss(0.0, 0.5) for _ in seats]
    reviews = []
    for n, assignment in enumerate(assignments):
        i, j = divmod(n, K)
        seat = (i + j) % reviewers
        scores = {str(c.pk): max(0, min(4, round(quality[i] + severity[seat] + rng.gauss(0, 0.6)))) for c in criteria}
        reviews.append(
            Review(
                assignment=assignment,
                scores=scores,
                total=float(sum(scores.values())),
                verdict="",
                submitted_at=now,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=1000)
    return call, grid, seats


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

    from tests.factories import PromotionFactory, StaffFactory
    from tests.factories.reviews import with_totp

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    rng = random.Random(SEED)
    started = time.perf_counter()
    with transaction.atomic():
        promotion = PromotionFactory()
        big_call, big_grid, big_seats = _seed_call(
            "banc-grand", "BIG", dossiers=BIG, reviewers=REVIEWERS_BIG, promotion=promotion, rng=rng
        )
        small_call, small_grid, small_seats = _seed_call(
            "banc-petit", "SMALL", dossiers=SMALL, reviewers=REVIEWERS_SMALL, promotion=promotion, rng=rng
        )
        staff = StaffFactory(email="banc-equipe@eig.example")
        for seat in (big_seats[0], small_seats[0]):
            with_totp(seat.user)
    seeded = time.perf_counter() - started

    def client_of(user):
        client = Client()
        client.force_login(user)
        return client

    staff_client = client_of(staff)

    def ranking(grid):
        return reverse("staff:evaluation_ranking", kwargs={"slug": grid.call.slug, "grid": grid.pk})

    def grid_page(grid):
        return reverse("staff:evaluation_grid", kwargs={"slug": grid.call.slug, "grid": grid.pk})

    queue = reverse("evaluation:queue")
    return {
        "migrate_seconds": migrated,
        "seed_seconds": seeded,
        "assignments_per_reviewer": BIG * K // REVIEWERS_BIG,
        "ranking": _time(staff_client, ranking(big_grid)),
        "ranking_small": _time(staff_client, ranking(small_grid), requests=3, warm_up=1),
        "ranking_filtered": _time(staff_client, ranking(big_grid) + "?kind=mean&profile=dev"),
        "grid_page": _time(staff_client, grid_page(big_grid), requests=5),
        "queue": _time(client_of(big_seats[0].user), queue),
        "queue_small": _time(client_of(small_seats[0].user), queue, requests=3, warm_up=1),
    }


# --- In the runner --------------------------------------------------------------------


@benchmark(
    "review-pages",
    title="Staff ranking and reviewer queue with 2,000 dossiers",
    description=(
        f"A closed call with {BIG:,} submitted dossiers, {REVIEWERS_BIG} reviewers and {K} submitted reviews per "
        f"dossier ({BIG * K:,} reviews, written by bulk inserts on a fresh SQLite database): server time of the "
        f"staff ranking page (calibration of every review, first page of 50 rows) and of one reviewer's queue "
        f"({BIG * K // REVIEWERS_BIG} dossiers), {REQUESTS} requests each through django.test.Client after "
        f"{WARM_UP} unmeasured ones; query counts compared with a call of {SMALL} dossiers."
    ),
)
def review_pages():
    busy = wait_until_quiet(max_wait=300)
    data = run_child("tests.bench.review_pages", "review-pages")
    busy_after = cpu_busy(1)
    ranking, queue = data["ranking"], data["queue"]
    figures = [
        Figure("staff ranking, 2,000 dossiers: server time median", ranking["median_ms"], "ms"),
        Figure("staff ranking, 2,000 dossiers: server time p95", ranking["p95_ms"], "ms", TARGET_MS),
        Figure("staff ranking: queries with 2,000 dossiers", ranking["queries"], "queries"),
        Figure("staff ranking: queries with 20 dossiers", data["ranking_small"]["queries"], "queries"),
        Figure(
            "staff ranking: extra queries from 20 to 2,000 dossiers",
            ranking["queries"] - data["ranking_small"]["queries"],
            "queries",
            "== 0",
        ),
        Figure(
            "staff ranking by raw mean, profile filter: server time median",
            data["ranking_filtered"]["median_ms"],
            "ms",
        ),
        Figure(
            "staff grid page (100 reviewers, 50 dossiers shown): server time median",
            data["grid_page"]["median_ms"],
            "ms",
        ),
        Figure("reviewer queue (60 dossiers): server time median", queue["median_ms"], "ms"),
        Figure("reviewer queue (60 dossiers): server time p95", queue["p95_ms"], "ms", TARGET_MS),
        Figure("reviewer queue: queries with 60 dossiers", queue["queries"], "queries"),
        Figure("reviewer queue: queries with 3 dossiers", data["queue_small"]["queries"], "queries"),
        Figure(
            "reviewer queue: extra queries from 3 to 60 dossiers",
            queue["queries"] - data["queue_small"]["queries"],
            "queries",
            "== 0",
        ),
    ]
    notes = [
        f"Fresh SQLite database (WAL), DEBUG=0; migrate took {data['migrate_seconds']:.0f} s and the bulk "
        f"inserts {data['seed_seconds']:.0f} s (not measured).",
        "Server time is the wall time of `Client.get` in the same process: URL resolution, middleware, "
        "session, view, queries and template, without the network or a WSGI server.",
        f"The ranking calibrates all {BIG * K:,} reviews and ranks all {BIG:,} dossiers on every request (no "
        f"cache), then fills and renders its first page of 50 rows and the severity of the {REVIEWERS_BIG} "
        f"reviewers ({ranking['bytes'] // 1024} KiB of HTML); the queue lists all of one reviewer's "
        f"{data['assignments_per_reviewer']} dossiers ({queue['bytes'] // 1024} KiB).",
        "Dossier i is reviewed by reviewers i, i+1 and i+2 (mod 100): one connected panel; scores are a hidden "
        "quality plus a reviewer severity plus noise, clipped to the 0–4 scale of each of the 5 criteria.",
        f"Other work on the machine: {busy:.0%} of all cores busy just before the run, {busy_after:.0%} just "
        "after (the measured requests run on one core).",
    ]
    return Result(figures, notes)


if __name__ == "__main__":
    print(json.dumps(child()))
