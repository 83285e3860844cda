"""The demo's evaluation: the open call's pre-screening grid, with reviews under way.

Pre-screening runs while the call is open (the 2021 dashboard served the next
unreviewed dossier as dossiers came in). Two fictional reviewers have scored
most submitted dossiers, so the programme team's ranking has content; the demo
reviewer has one dossier in draft and may ask for the next. Reviewers use
two-factor authentication: the demo reviewer's key is public (home page).
"""

import datetime
import hashlib

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import InvalidToken
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from eig.accounts.models import Role
from eig.calls.models import Dossier
from eig.reviews.defaults import CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Assignment, Review, Reviewer
from eig.reviews.services import total_of

# Public by design, like the demo password: printed on the demo home page.
DEMO_TOTP_SECRET = "EIGDEMOEVALUATIONEIGDEMOEVALUATI"  # noqa: S105

# Fictional reviewers: (first name, last name, expertise, how lenient: added to each level).
FICTIONAL_REVIEWERS = [
    ("Paul", "Girard", ["dev", "datascience"], 1),
    ("Nadia", "Haddad", ["design", "dev"], -1),
]
FICTIONAL_DOMAIN = "evaluation.demo.eig.example"


def _level(dossier_number: str, criterion: int, lenience: int, low: int, high: int) -> int:
    """A stable pseudo-random level: the same dossier gets close levels from every reviewer."""
    digest = hashlib.sha256(f"{dossier_number}:{criterion}".encode()).digest()
    base = low + 1 + digest[0] % (high - low - 1)
    return max(low, min(high, base + lenience))


def with_demo_totp(user):
    """The demo's TOTP authenticator for `user`, readable with the current SECRET_KEY.

    The secret is stored encrypted with a key derived from SECRET_KEY (eig/accounts/adapters.py):
    a demo database loaded under another key (before `make demo` gave each machine its own)
    holds a secret nobody can read any more, so it is set up again.
    """
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        try:
            if get_adapter().decrypt(authenticator.data["secret"]) == DEMO_TOTP_SECRET:
                return
        except (InvalidToken, KeyError):
            pass
        authenticator.delete()
    TOTP.activate(user, DEMO_TOTP_SECRET)


class ReviewsBuilder:
    def __init__(self, *, call, now):
        self.call = call
        self.now = now

    def build(self, demo_reviewer):
        grid = install_grid(
            self.call,
            CANDIDATE_PRESCREENING,
            opens_at=self.call.opens_at,
            closes_at=self.call.closes_at + datetime.timedelta(days=14),
            k=2,
        )
        self.criteria = list(grid.criteria.all())
        with_demo_totp(demo_reviewer)
        seat = self._seat(grid, demo_reviewer, ["dev", "datascience", "design"], 10)
        submitted = list(Dossier.objects.filter(call=self.call, status=Dossier.Status.SUBMITTED).order_by("number"))
        password = make_password(None)  # fictional people never sign in
        for index, (first, last, tags, lenience) in enumerate(FICTIONAL_REVIEWERS):
            user, _ = get_user_model().objects.get_or_create(
                email=f"{first.lower()}.{last.lower()}@{FICTIONAL_DOMAIN}",
                defaults={"first_name": first, "last_name": last, "roles": [Role.REVIEWER.value], "password": password},
            )
            reviewer = self._seat(grid, user, tags, 30)
            # Each scores all but one in three of the submitted dossiers, the two sets overlapping.
            for position, dossier in enumerate(submitted):
                if (position + index) % 3 != 2:
                    self._review(reviewer, dossier, lenience, submitted=True)
        # The demo reviewer's dossier in progress: the first one nobody has scored twice.
        if submitted and not seat.assignments.exists():
            self._review(seat, submitted[-1], 0, submitted=False)
        return grid

    def _seat(self, grid, user, tags, capacity):
        reviewer, _ = Reviewer.objects.update_or_create(
            grid=grid,
            email=user.email,
            defaults={"user": user, "tags": tags, "capacity": capacity, "accepted_at": self.call.opens_at},
        )
        return reviewer

    def _review(self, reviewer, dossier, lenience, *, submitted):
        assignment, _ = Assignment.objects.get_or_create(
            reviewer=reviewer,
            dossier=dossier,
            defaults={"source": Assignment.Source.NEXT, "reason": "Dossier suivant (démonstration)."},
        )
        grid = reviewer.grid
        criteria = self.criteria if submitted else self.criteria[:1]
        scores = {
            str(c.pk): _level(dossier.number, c.order, lenience, grid.scale_min, grid.scale_max) for c in criteria
        }
        verdict = ""
        if submitted:
            mean = sum(scores.values()) / len(scores)
            verdict = (
                Review.Verdict.FAVOURITE
                if mean >= 4
                else Review.Verdict.NEUTRAL
                if mean >= 2.5
                else Review.Verdict.UNFAVOURABLE
            )
        Review.objects.update_or_create(
            assignment=assignment,
            defaults={
                "scores": scores,
                "verdict": verdict,
                "comment": "Évaluation de démonstration." if submitted else "",
                "total": total_of(self.criteria, scores),
                "submitted_at": self.now if submitted else None,
            },
        )
