"""Seed a fresh pretalx database: one event with an open call, N proposals by N speakers, one organiser.

Run by tests/bench/pretalx_anchor.py with pretalx's own Python (its virtualenv), never
imported by the project's code:

    PRETALX_CONFIG_FILE=… <pretalx-venv>/bin/python tests/bench/_pretalx_seed.py \
        --slug bench --proposals 500 --organiser-email … --organiser-password …

Prints one line `SEED_JSON {…}` with what it made. Text sizes follow a real call: a
title of 40 to 90 characters, an abstract of about 500, a description of about 1,500,
notes of about 200 and a biography of about 800 (deterministic pseudo-random words).
"""

import argparse
import datetime as dt
import json
import os
import random
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretalx.settings")
os.environ.setdefault("PRETALX_NO_INITIAL_LOG", "1")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils.timezone import now  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402
from pretalx.event.models import Event  # noqa: E402
from pretalx.event.utils import create_organiser_with_team  # noqa: E402
from pretalx.person.models import SpeakerProfile, User  # noqa: E402
from pretalx.submission.models import Submission, SubmissionType, Track  # noqa: E402

WORDS = (  # noqa: SIM905 -- words in a sentence read better than a list of 49 strings
    "data public service open source citizen platform model decision policy team research "
    "evaluation design user access transparency archive analysis administration digital "
    "infrastructure security health energy transport education justice budget territory "
    "network algorithm interface survey feedback prototype deployment audit quality "
    "measure impact mission agent product community knowledge method tool standard"
).split()


def text(rng: random.Random, chars: int) -> str:
    """About `chars` characters of sentences."""
    sentences, size = [], 0
    while size < chars:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)


def title(rng: random.Random) -> str:
    out = text(rng, rng.randint(40, 90))[: rng.randint(40, 90)].rstrip(" .")
    return out[0].upper() + out[1:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--organiser-email", required=True)
    parser.add_argument("--organiser-password", required=True)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with scopes_disabled(), transaction.atomic():
        organiser_user = User.objects.create_user(
            name="Bench Organiser",
            email=args.organiser_email,
            password=args.organiser_password,
            locale="en",
            timezone="Europe/Paris",
        )
        organiser, team = create_organiser_with_team(name="Bench Org", slug=f"{args.slug}org", users=[organiser_user])
        # The organiser's team runs every event of the organiser and handles the proposals.
        team.all_events = True
        team.can_change_event_settings = True
        team.can_change_submissions = True
        team.save()
        start = now() + dt.timedelta(days=120)
        event = Event.objects.create(
            name="Bench Conference",
            slug=args.slug,
            organiser=organiser,
            is_public=True,
            date_from=start.date(),
            date_to=start.date() + dt.timedelta(days=2),
            timezone="Europe/Paris",
            email="orga@example.org",
            locale_array="en",
            locale="en",
            landing_page_text="# Bench Conference\n\n" + text(rng, 600),
        )
    with scope(event=event), transaction.atomic():
        event.build_initial_data()
        SubmissionType.objects.create(event=event, name="Workshop", default_duration=90)
        tracks = [
            Track.objects.create(event=event, name=name, color=color)
            for name, color in [
                ("Data", "#1f77b4"),
                ("Design", "#ff7f0e"),
                ("Infrastructure", "#2ca02c"),
                ("Policy", "#d62728"),
            ]
        ]
        types = list(event.submission_types.all())
        # An open call: the deadline is ahead (the call page shows the open call and its button).
        event.cfp.headline = "The call for proposals is open!"
        event.cfp.text = text(rng, 1500)
        event.cfp.deadline = now() + dt.timedelta(days=30)
        event.cfp.save()

        for n in range(args.proposals):
            user = User.objects.create_user(
                name=f"Speaker {n:04d} {rng.choice(WORDS).capitalize()}",
                email=f"speaker{n:04d}@example.org",
                locale="en",
                timezone="Europe/Paris",
            )
            speaker = SpeakerProfile.objects.create(user=user, event=event, biography=text(rng, 800))
            submission = Submission.objects.create(
                event=event,
                title=title(rng),
                submission_type=rng.choice(types),
                track=rng.choice(tracks),
                abstract=text(rng, 500),
                description=text(rng, 1500),
                notes=text(rng, 200),
                content_locale="en",
            )
            submission.speakers.add(speaker)

        result = {
            "event": event.slug,
            "cfp_open": event.cfp.is_open,
            "proposals": event.submissions.count(),
            "speakers": SpeakerProfile.objects.filter(event=event).count(),
            "organiser": organiser_user.email,
        }
    print("SEED_JSON " + json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
