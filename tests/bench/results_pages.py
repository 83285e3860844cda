"""`make bench ONLY=results-pages`: the pages of a promotion's results and of the alumni, at full size.

A closed promotion of 60 teams and 150 fellows (half of them with a public profile), each team
with 5 published deliverables of mixed kinds, 4 objectives of 10 measures, a handover with its
outcome and a sourced figure; a public demo day with 60 slots and the promotion's photo; an
anonymous end-of-promotion survey of 20 questions asking 500 people, 400 of whom answered (one
audience under 5 answers, so its groups are hidden); 500 alumni over this promotion and three
older ones, 300 of them listed, with invitations. The server time of the public results page, the
staff survey results, the alumni directory, the staff deliverables list and the staff alumni list,
with their query counts compared with a promotion of 2 teams, 10 responses and 5 alumni.

As promotion_pages.py: the runner's process never sets Django up; it runs this module again as
`python -m tests.bench.results_pages` on a fresh SQLite database of its own, which migrates, writes
the small world, reads its pages' query counts, writes the full world (bulk inserts, services where
they matter: the closing that makes the alumni, the survey's creation), then times the pages
through django.test.Client.
"""

import json
import os
import sys

from tests.bench.inprocess import run_child, time_page
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import cpu_busy, wait_until_quiet

TEAMS, FELLOWS = 60, 150
DELIVERABLES_PER_TEAM, OBJECTIVES_PER_TEAM, MEASURES_PER_OBJECTIVE = 5, 4, 10
AGENDA_ITEMS = 60
HOSTS = 290  # confirmed host agents: with the fellows and one mentor per team, 500 people asked
ANSWERS = {"fellows": 140, "mentors": 3, "hosts": 257}  # 400 responses; the mentors' groups are hidden
ALUMNI, LISTED, OLDER_PROMOTIONS = 500, 300, 3
INVITATIONS = 100
SMALL = {
    "teams": 2,
    "fellows": 5,
    "hosts": 4,
    "answers": {"fellows": 5, "mentors": 2, "hosts": 3},  # 10 responses
    "alumni": 5,
    "listed": 4,
    "invitations": 2,
}
REQUESTS, WARM_UP = 20, 3
SEED = 20261214
TARGET_MS = "< 300"

# The pages: (key, label).
PAGES = [
    ("results", "public results page (rendered, cache bypassed)"),
    ("survey", "staff survey results"),
    ("directory", "alumni directory, first page"),
    ("deliverables", "staff deliverables list"),
    ("alumni", "staff alumni list, first page"),
]


# --- In the child process -------------------------------------------------------------

# Twenty questions of every kind a staff member may add to the default end-of-promotion
# questionnaire (9 questions): a third step of 11 more.
TOOLS = [["forge", "Forge logicielle"], ["chat", "Messagerie"], ["visio", "Visioconférence"], ["wiki", "Wiki"]]


def _extra_step():
    from eig.results.surveys import RHYTHM

    return (
        "details",
        "Dans le détail",
        [
            ("temps_collectifs", "single_choice", "Les temps collectifs étaient-ils…", {"choices": RHYTHM}),
            ("outils", "multiple_choice", "Quels outils avez-vous utilisés ?", {"choices": TOOLS}),
            ("heures", "number", "Heures par semaine consacrées au projet", {"min_value": 0, "max_value": 80}),
            ("accueil", "number", "L'accueil dans l'administration (de 1 à 5)", {"min_value": 1, "max_value": 5}),
            ("recommande_admin", "yes_no", "Recommanderiez-vous l'administration d'accueil ?", {}),
            ("engagement", "declaration", "Je confirme que ces réponses reflètent mon expérience.", {}),
            ("suite", "short_text", "Votre poste après le programme", {"max_length": 200, "required": False}),
            ("lien", "url", "Un lien vers le projet", {"required": False}),
            ("fin", "date", "Date de fin de votre mission", {"required": False}),
            ("contact", "email", "Une adresse pour vous recontacter (facultatif)", {"required": False}),
            ("conseil", "long_text", "Un conseil pour la prochaine promotion", {"max_length": 2000}),
        ],
    )


PHRASES = [
    "Les sessions collectives",
    "Le mentorat opérationnel",
    "L'accès aux données de l'administration",
    "Le rythme des démonstrations",
    "La mise en production rapide",
    "Les échanges entre équipes",
    "Plus de temps avec les mentors",
    "Un meilleur accès aux serveurs",
]


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), (0, 0, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def _answers(rng, audience) -> dict:
    """One response to the twenty questions (some optional ones left empty)."""
    from eig.results.surveys import MENTORING, REACHED, RHYTHM, SATISFACTION

    answers = {
        "satisfaction": rng.choice(SATISFACTION)[0],
        "recommandation": rng.randint(4, 10),
        "mentorat": rng.choice(MENTORING)[0],
        "objectifs_atteints": rng.choice(REACHED)[0],
        "attentes": rng.random() < 0.8,
        "poursuite": rng.random() < 0.7,
        "mieux_marche": f"{rng.choice(PHRASES)} ({audience})",
        "a_changer": rng.choice(PHRASES),
        "temps_collectifs": rng.choice(RHYTHM)[0],
        "outils": rng.sample([value for value, _label in TOOLS], rng.randint(1, 3)),
        "heures": rng.randint(20, 50),
        "accueil": rng.randint(2, 5),
        "recommande_admin": rng.random() < 0.75,
        "engagement": True,
        "fin": "2027-07-02",
        "conseil": f"Conseil : {rng.choice(PHRASES).lower()}.",
    }
    if rng.random() < 0.3:
        answers["autre"] = "Merci à toute l'équipe du programme."
    if rng.random() < 0.5:
        answers["suite"] = rng.choice(["Développeuse dans un ministère", "Data scientist", "Indépendant"])
    if rng.random() < 0.4:
        answers["lien"] = "https://code.example/projet"
    return answers


def _seed(slug, number, *, staff, teams, fellows, hosts, answers, rng):
    """A closed promotion with everything its results leave behind: teams, public profiles,
    published deliverables and their achievements, objectives and measures, handover outcomes,
    a public demo day with its programme, the photo, an anonymous end-of-promotion survey with its
    responses. Returns (promotion, survey)."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from eig.accounts.models import Role, User
    from eig.calls.defaults import install_form
    from eig.challenges.models import Achievement, Challenge, KeyFigure
    from eig.community.models import Membership, Person
    from eig.programme.models import AgendaItem, Event, Fellow, Measure, Mentor, Objective
    from eig.proposals.models import Agent
    from eig.results import closing, surveys
    from eig.results.deliverables import ACHIEVEMENT_ORDER_BASE, CALLS_TO_ACTION
    from eig.results.models import Deliverable, Handover, Participation, Response, Survey
    from tests.factories import AdministrationFactory, ChallengeFactory, PromotionFactory, profile

    now = timezone.now()
    today = timezone.localdate(now)
    first_day = today - datetime.timedelta(weeks=44)
    promotion = PromotionFactory(slug=slug, number=number, year=first_day.year)
    challenges = [
        ChallengeFactory(
            promotion=promotion,
            title=f"Défi {slug} {i:02d}",
            slug=f"defi-{i:02d}",
            administration=AdministrationFactory(name=f"Administration {slug} {i:02d}", slug=f"adm-{slug}-{i:02d}"),
            status=Challenge.Status.IN_PROGRESS,
            videos=[f"https://video.example/{slug}/{i}"],
        )
        for i in range(teams)
    ]
    users = User.objects.bulk_create(
        User(email=f"{slug}-fellow-{i:04d}@example.org", first_name="F", last_name=str(i), roles=[Role.FELLOW.value])
        for i in range(fellows)
    )
    Fellow.objects.bulk_create(
        Fellow(
            promotion=promotion,
            challenge=challenges[i % teams],
            user=user,
            name=f"Fellow {slug} {i:04d}",
            profile_label="Développement",
            status=Fellow.Status.ACTIVE,
            start_date=first_day,
            started_on=first_day,
        )
        for i, user in enumerate(users)
    )
    # The public side the selection's publication writes: a Person and a Membership per fellow,
    # half of them consenting to a public profile.
    dev = profile()
    people = Person.objects.bulk_create(
        Person(name=f"Fellow {slug} {i:04d}", slug=f"{slug}-personne-{i:04d}", profile=dev, is_public=i % 2 == 0)
        for i in range(fellows)
    )
    Person.promotions.through.objects.bulk_create(
        Person.promotions.through(person_id=person.pk, promotion_id=promotion.pk) for person in people
    )
    Membership.objects.bulk_create(
        Membership(person=person, challenge=challenges[i % teams], role=Membership.Role.FELLOW, order=i // teams)
        for i, person in enumerate(people)
    )
    mentors = User.objects.bulk_create(
        User(email=f"{slug}-mentor-{i:03d}@example.org", first_name="M", last_name=str(i), roles=[Role.MENTOR.value])
        for i in range(teams)
    )
    Mentor.objects.bulk_create(
        Mentor(challenge=challenges[i], user=user, kind=Mentor.Kind.OPERATIONAL, name=f"Mentor {i}")
        for i, user in enumerate(mentors)
    )
    agents = User.objects.bulk_create(
        User(
            email=f"{slug}-hote-{i:03d}@example.org",
            first_name="H",
            last_name=str(i),
            roles=[Role.ADMINISTRATION_AGENT.value],
        )
        for i in range(hosts)
    )
    Agent.objects.bulk_create(
        Agent(user=user, administration_id=challenges[i % teams].administration_id, confirmed=True)
        for i, user in enumerate(agents)
    )
    # Five published deliverables per team, one of each kind, with the achievements they became.
    kinds = list(Deliverable.Kind)
    pairs = [(c, kinds[k % len(kinds)]) for c in challenges for k in range(DELIVERABLES_PER_TEAM)]
    achievements = Achievement.objects.bulk_create(
        Achievement(
            challenge=c,
            title_fr=f"{kind.label} de {c.title}",
            title_en=f"{c.title}: {kind.value}",
            description_fr="Ce que l'équipe a produit, en deux phrases.",
            description_en="What the team produced, in two sentences.",
            url=f"https://code.example/{slug}/{c.slug}/{kind.value}",
            call_to_action_fr=CALLS_TO_ACTION[kind][0],
            call_to_action_en=CALLS_TO_ACTION[kind][1],
            order=ACHIEVEMENT_ORDER_BASE + n % DELIVERABLES_PER_TEAM,
        )
        for n, (c, kind) in enumerate(pairs)
    )
    Deliverable.objects.bulk_create(
        Deliverable(
            challenge=c,
            kind=kind,
            title_fr=achievement.title_fr,
            title_en=achievement.title_en,
            description_fr=achievement.description_fr,
            description_en=achievement.description_en,
            url=achievement.url,
            licence="MIT" if kind in (Deliverable.Kind.REPOSITORY, Deliverable.Kind.DATASET) else "",
            users=rng.randint(50, 5000) if kind == Deliverable.Kind.PRODUCT else None,
            status=Deliverable.Status.PUBLISHED,
            proposed_by=users[n % fellows],
            published_by=staff,
            published_at=now - datetime.timedelta(days=n % 30),
            achievement=achievement,
            link_state=Deliverable.LinkState.DEAD if n % 37 == 0 else Deliverable.LinkState.ALIVE,
            link_checked_at=now,
        )
        for n, ((c, kind), achievement) in enumerate(zip(pairs, achievements, strict=True))
    )
    KeyFigure.objects.bulk_create(
        KeyFigure(
            challenge=c,
            amount="12",
            description_fr="administrations utilisatrices",
            description_en="administrations using it",
            source="Tableau de bord de l'administration",
            source_url="https://stats.example/tableau",
        )
        for c in challenges
    )
    objectives = Objective.objects.bulk_create(
        Objective(challenge=c, order=o, title=f"Objectif {o}", indicator="Utilisateurs", target=1000)
        for c in challenges
        for o in range(OBJECTIVES_PER_TEAM)
    )
    Measure.objects.bulk_create(
        Measure(
            objective=objective,
            on=first_day + datetime.timedelta(weeks=4 * w),
            value=(w + 1) * rng.randint(60, 130),
            course=rng.choice(["on_track", "on_track", "at_risk", "off_track"]),
        )
        for objective in objectives
        for w in range(MEASURES_PER_OBJECTIVE)
    )
    outcomes = list(Handover.Outcome)
    Handover.objects.bulk_create(
        Handover(
            challenge=c,
            confirmed_by=agents[i % hosts],
            confirmed_at=now - datetime.timedelta(days=30),
            confirmed_version=1,
            outcome=outcomes[i % len(outcomes)],
            outcome_reason_fr="La direction reprend le service avec deux agents.",
            outcome_reason_en="The department takes the service over with two officers.",
            taken_over_by="Opérateur public" if outcomes[i % len(outcomes)] == Handover.Outcome.TAKEN_OVER else "",
            outcome_by=staff,
            outcome_at=now - datetime.timedelta(days=7),
        )
        for i, c in enumerate(challenges)
    )
    starts_at = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time(9)))
    event = Event.objects.create(
        promotion=promotion,
        kind=Event.Kind.DEMO_DAY,
        title_fr="Demo day de la promotion",
        title_en="The promotion's demo day",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=10),
        place="Ségur, amphithéâtre",
        audiences=[Event.Audience.FELLOWS, Event.Audience.MENTORS, Event.Audience.HOSTS],
        is_public=True,
    )
    slots = min(AGENDA_ITEMS, 2 * teams)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            event=event,
            starts_at=starts_at + datetime.timedelta(minutes=10 * n),
            title_fr=f"Démonstration {n}",
            title_en=f"Demo {n}",
            speakers="Les entrepreneur·es de l'équipe",
            challenge=challenges[n % teams],
        )
        for n in range(slots)
    )
    closing.set_photo(
        promotion,
        SimpleUploadedFile("promotion.png", _png(), content_type="image/png"),
        alt_fr="La promotion réunie au demo day",
        alt_en="The promotion at its demo day",
        by=staff,
    )
    # The closing, through its service: the fellows finish, the challenges end, the alumni are made.
    closing.close_promotion(promotion, by=staff, now=now)
    # The end-of-promotion survey, through its service (the call, its questions, the 500 people
    # asked), with eleven more questions, then the answers written directly.
    survey = surveys.create_survey(
        promotion,
        moment=Survey.Moment.END,
        audiences=list(Survey.Audience.values),
        anonymous=True,
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
        by=staff,
    )
    _title, _prefix, form = surveys.FORMS[Survey.Moment.END]
    install_form(survey.call, [*form, _extra_step()])
    for audience, count in answers.items():
        chosen = list(
            Participation.objects.filter(survey=survey, audience=audience).order_by("pk").values_list("pk", flat=True)
        )[:count]
        if len(chosen) < count:
            raise RuntimeError(f"{slug}: {len(chosen)} {audience} asked, {count} answers wanted")
        Participation.objects.filter(pk__in=chosen).update(answered_on=today - datetime.timedelta(days=3))
        Response.objects.bulk_create(
            Response(
                survey=survey,
                audience=audience,
                answers=_answers(rng, audience),
                submitted_on=today - datetime.timedelta(days=3),
            )
            for _ in range(count)
        )
    return promotion, survey


def _older_alumni(count):
    """`count` alumni of OLDER_PROMOTIONS older promotions (each with 12 challenges), written directly."""
    import datetime

    from eig.accounts.models import Role, User
    from eig.alumni.models import Alumnus
    from eig.challenges.models import Challenge
    from eig.programme.models import Fellow
    from tests.factories import AdministrationFactory, ChallengeFactory, PromotionFactory

    made = []
    per_promotion = -(-count // OLDER_PROMOTIONS)
    for p in range(OLDER_PROMOTIONS):
        n = min(per_promotion, count - len(made))
        slug = f"banc-ancienne-{p}"
        promotion = PromotionFactory(slug=slug, number=80 + p, year=2020 + p)
        challenges = [
            ChallengeFactory(
                promotion=promotion,
                title=f"Défi {slug} {i:02d}",
                slug=f"defi-{i:02d}",
                administration=AdministrationFactory(name=f"Administration {slug} {i:02d}", slug=f"adm-{slug}-{i:02d}"),
                status=Challenge.Status.FINISHED,
            )
            for i in range(12)
        ]
        users = User.objects.bulk_create(
            User(email=f"{slug}-{i:04d}@example.org", first_name="A", last_name=str(i), roles=[Role.FELLOW.value])
            for i in range(n)
        )
        start = datetime.date(2020 + p, 1, 6)
        fellows = Fellow.objects.bulk_create(
            Fellow(
                promotion=promotion,
                challenge=challenges[i % len(challenges)],
                user=user,
                name=f"Ancien {slug} {i:04d}",
                status=Fellow.Status.FINISHED,
                start_date=start,
                started_on=start,
                left_on=start + datetime.timedelta(weeks=44),
            )
            for i, user in enumerate(users)
        )
        made += Alumnus.objects.bulk_create(
            Alumnus(
                user=f.user,
                fellow=f,
                promotion=promotion,
                challenge=f.challenge,
                name=f.name,
            )
            for f in fellows
        )
    return made


def _alumni_profiles(promotion_ids, *, listed, invitations, staff, rng):
    """`listed` alumni of these promotions consent to the directory (skills, role, contact); the
    first `invitations` are invited to mentor a team (pending, declined or withdrawn)."""
    from django.utils import timezone

    from eig.alumni.models import Alumnus, Invitation
    from eig.challenges.models import Challenge
    from eig.programme.models import Mentor

    now = timezone.now()
    rows = list(Alumnus.objects.filter(promotion_id__in=promotion_ids).order_by("pk"))
    contacts = list(Alumnus.Contact)
    skills = ["données, Python", "design de services", "développement web", "cartographie", "produit, agilité"]
    for i, alumnus in enumerate(rows):
        alumnus.listed = i < listed
        alumnus.listed_at = now if i < listed else None
        alumnus.skills = rng.choice(skills)
        alumnus.current_role = rng.choice(["Cheffe de produit", "Data scientist", "Développeur", "Designer"])
        alumnus.contact_preference = contacts[i % len(contacts)]
    Alumnus.objects.bulk_update(
        rows, ["listed", "listed_at", "skills", "current_role", "contact_preference"], batch_size=500
    )
    teams = list(Challenge.objects.filter(promotion_id__in=promotion_ids).order_by("pk")[:20])
    statuses = [Invitation.Status.PENDING, Invitation.Status.DECLINED, Invitation.Status.WITHDRAWN]
    Invitation.objects.bulk_create(
        Invitation(
            alumnus=alumnus,
            kind=Invitation.Kind.MENTOR,
            challenge=teams[i % len(teams)],
            mentor_kind=Mentor.Kind.OPERATIONAL,
            message="Voulez-vous mentorer cette équipe ?",
            status=statuses[i % len(statuses)],
            invited_by=staff,
            answered_at=None if i % len(statuses) == 0 else now,
        )
        for i, alumnus in enumerate(rows[:invitations])
    )
    return [alumnus for alumnus in rows if alumnus.listed]


def _measure(client, path, *, requests=REQUESTS, warm_up=WARM_UP) -> dict:
    """time_page, with the process's CPU time per request (all the page's requests, warm-up included)."""
    import time

    started = time.process_time()
    found = time_page(client, path, requests=requests, warm_up=warm_up)
    found["cpu_ms"] = (time.process_time() - started) * 1000 / (requests + warm_up + 1)
    return found


def _pages(promotion, survey, *, staff_client, visitor, alumnus_client, requests, warm_up) -> dict:
    from django.urls import reverse

    slug = {"promotion": promotion.slug}
    paths = {
        "results": (visitor, reverse("public:promotion_results", kwargs={"slug": promotion.slug})),
        "survey": (staff_client, reverse("staff:results_survey", kwargs={**slug, "survey": survey.pk})),
        "directory": (alumnus_client, reverse("alumni:directory")),
        "deliverables": (staff_client, reverse("staff:results_deliverables", kwargs=slug)),
        "alumni": (staff_client, reverse("staff:alumni")),
    }
    return {key: _measure(client, path, requests=requests, warm_up=warm_up) for key, (client, path) in paths.items()}


def _cached_hit(path) -> dict:
    """An anonymous visitor's request answered from the page cache (no cookie at all)."""
    from django.test import Client

    anonymous = Client()
    found = _measure(anonymous, path)
    state = anonymous.get(path).headers.get("X-Page-Cache")
    if state != "hit":
        raise RuntimeError(f"{path} is not served from the page cache after warm-up (X-Page-Cache: {state})")
    return found


def _visitor():
    """An anonymous visitor whose session cookie makes the page cache step aside: the page is
    rendered as for anyone, on every request."""
    from django.conf import settings
    from django.test import Client

    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "bench-anonymous"
    return visitor


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
    staff = with_totp(StaffFactory(email="banc-equipe@eig.example"))
    staff_client = Client()
    staff_client.force_login(staff)

    # The small world first, alone in the database: the alumni pages list every promotion's alumni.
    started = time.perf_counter()
    with transaction.atomic():
        small, small_survey = _seed(
            "banc-petit",
            91,
            staff=staff,
            teams=SMALL["teams"],
            fellows=SMALL["fellows"],
            hosts=SMALL["hosts"],
            answers=SMALL["answers"],
            rng=rng,
        )
        small_listed = _alumni_profiles(
            [small.pk], listed=SMALL["listed"], invitations=SMALL["invitations"], staff=staff, rng=rng
        )
    small_seconds = time.perf_counter() - started
    small_alumnus = Client()
    small_alumnus.force_login(small_listed[0].user)
    small_pages = _pages(
        small, small_survey, staff_client=staff_client, visitor=_visitor(), alumnus_client=small_alumnus,
        requests=3, warm_up=1,
    )  # fmt: skip

    started = time.perf_counter()
    with transaction.atomic():
        big, big_survey = _seed(
            "banc-grand",
            90,
            staff=staff,
            teams=TEAMS,
            fellows=FELLOWS,
            hosts=HOSTS,
            answers=ANSWERS,
            rng=rng,
        )
        older = _older_alumni(ALUMNI - FELLOWS)
        promotions = [big.pk, *sorted({a.promotion_id for a in older})]
        big_listed = _alumni_profiles(promotions, listed=LISTED, invitations=INVITATIONS, staff=staff, rng=rng)
    big_seconds = time.perf_counter() - started
    big_alumnus = Client()
    big_alumnus.force_login(big_listed[0].user)
    big_pages = _pages(
        big, big_survey, staff_client=staff_client, visitor=_visitor(), alumnus_client=big_alumnus,
        requests=REQUESTS, warm_up=WARM_UP,
    )  # fmt: skip
    big_pages["results_cached"] = _cached_hit(reverse("public:promotion_results", kwargs={"slug": big.slug}))

    from eig.alumni.models import Alumnus
    from eig.results.models import Deliverable, Participation, Response

    return {
        "migrate_seconds": migrated,
        "seed_seconds": big_seconds,
        "small_seed_seconds": small_seconds,
        "big": big_pages,
        "small": small_pages,
        "counts": {
            "alumni": Alumnus.objects.exclude(promotion=small).count(),
            "listed": Alumnus.objects.exclude(promotion=small).filter(listed=True).count(),
            "deliverables": Deliverable.objects.filter(challenge__promotion=big).count(),
            "participations": Participation.objects.filter(survey=big_survey).count(),
            "responses": Response.objects.filter(survey=big_survey).count(),
            "questions": sum(step.questions.count() for step in big_survey.call.steps.all()),
            "small_alumni": Alumnus.objects.filter(promotion=small).count(),
            "small_responses": Response.objects.filter(survey=small_survey).count(),
        },
    }


# --- In the runner --------------------------------------------------------------------


@benchmark(
    "results-pages",
    title="Results and alumni pages: a closed promotion of 60 teams, 400 survey responses, 500 alumni",
    description=(
        f"A closed promotion of {TEAMS} teams and {FELLOWS} fellows (half with a public profile), "
        f"{TEAMS * DELIVERABLES_PER_TEAM} published deliverables of five kinds with their achievements, "
        f"{OBJECTIVES_PER_TEAM} objectives of {MEASURES_PER_OBJECTIVE} measures per team, a handover outcome and a "
        f"sourced figure per team, a public demo day of {AGENDA_ITEMS} slots and the promotion's photo; an anonymous "
        f"end-of-promotion survey of 20 questions asking 500 people, {sum(ANSWERS.values())} of whom answered "
        f"(the mentors' {ANSWERS['mentors']} answers: their groups hidden); {ALUMNI} alumni over this and "
        f"{OLDER_PROMOTIONS} older promotions, {LISTED} listed, {INVITATIONS} invitations. Written by bulk inserts, "
        "with the services for the closing (which makes the alumni), the photo and the survey's creation, on a fresh "
        "SQLite database: server time of the public results page, the staff survey results, the alumni directory "
        f"(as a listed alumnus), the staff deliverables list and the staff alumni list, {REQUESTS} requests each "
        f"through django.test.Client after {WARM_UP} unmeasured ones; query counts compared with a promotion of "
        f"{SMALL['teams']} teams, {sum(SMALL['answers'].values())} responses and {SMALL['alumni']} alumni."
    ),
)
def results_pages():
    busy = wait_until_quiet(max_wait=300)
    data = run_child("tests.bench.results_pages", "results-pages")
    busy_after = cpu_busy(1)
    big, small = data["big"], data["small"]
    figures, uneven = [], []
    for key, label in PAGES:
        extra = big[key]["queries"] - small[key]["queries"]
        if extra:
            uneven.append(f"{label}: {small[key]['queries']} → {big[key]['queries']}")
        figures += [
            Figure(f"{label}: server time median", big[key]["median_ms"], "ms"),
            Figure(f"{label}: server time p95", big[key]["p95_ms"], "ms", TARGET_MS),
            Figure(f"{label}: CPU time per request", big[key]["cpu_ms"], "ms"),
            Figure(f"{label}: queries at full size", big[key]["queries"], "queries"),
            Figure(f"{label}: queries in the small world", small[key]["queries"], "queries"),
            Figure(f"{label}: extra queries at full size", extra, "queries", "== 0"),
        ]
    cached = big["results_cached"]
    figures += [
        Figure("public results page, anonymous page-cache hit: server time median", cached["median_ms"], "ms"),
        Figure("public results page, anonymous page-cache hit: server time p95", cached["p95_ms"], "ms", TARGET_MS),
        Figure("public results page, anonymous page-cache hit: queries", cached["queries"], "queries"),
    ]
    counts = data["counts"]
    notes = [
        f"Fresh SQLite database (WAL), DEBUG=0; migrate took {data['migrate_seconds']:.0f} s, the full world "
        f"{data['seed_seconds']:.0f} s to write (not measured): {counts['deliverables']} deliverables, "
        f"{counts['questions']} questions, {counts['participations']} people asked, {counts['responses']} responses, "
        f"{counts['alumni']} alumni ({counts['listed']} listed).",
        "The small world (2 teams, 5 fellows who became alumni, 10 responses) is written first and its query "
        "counts read before the full world exists: the alumni pages list every promotion's alumni.",
        "Server time is the wall time of `Client.get` in the same process: URL resolution, middleware, "
        "session, view, queries and template, without the network or a WSGI server. CPU time per request is "
        "the process's CPU time over all the page's requests (warm-up included) divided by their number.",
        "The public results page is timed as an anonymous visitor carrying a session cookie that matches no "
        "session: the page cache steps aside and the page is rendered on every request as for anyone (the same "
        "queries as a cache miss, less the version read); the cache hit is timed for a visitor without any "
        "cookie (its one query: the public content version).",
        "Staff pages are read by a staff member with a second factor; the directory by a listed alumnus.",
        "HTML sizes: "
        + ", ".join(f"{label.split(',')[0].split(' (')[0]} {big[key]['bytes'] // 1024} KiB" for key, label in PAGES)
        + ".",
        f"Other work on the machine: {busy:.0%} of all cores busy just before the run, {busy_after:.0%} just "
        "after (the measured requests run on one core).",
    ]
    if uneven:
        message = "QUERY COUNT NOT FLAT (small → full): " + "; ".join(uneven)
        print(f"!! results-pages: {message}", file=sys.stderr)
        notes.insert(0, f"**{message}.**")
    return Result(figures, notes)


if __name__ == "__main__":
    print(json.dumps(child()))
