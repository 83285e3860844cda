"""The database side of the deadline rush, run in its own process with the site's environment.

    python -m tests.bench._deadline_rush_db seed CANDIDATES PASSWORD   -> JSON: call slug, position ids, emails
    python -m tests.bench._deadline_rush_db verify                      -> JSON: what the database and the disk hold
    python -m tests.bench._deadline_rush_db answers SENT.json           -> JSON: answers that differ from those sent
    python -m tests.bench._deadline_rush_db outbox                      -> JSON: receipt emails by status
    python -m tests.bench._deadline_rush_db page SLUG TEXT              -> JSON: a public page now reads TEXT

Not a benchmark module (its name starts with "_"): the runner does not import it,
and it sets Django up, which the runner's process never does.
"""

import hashlib
import json
import os
import sys
from collections import Counter


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def seed(candidates: int, password: str) -> dict:
    """An open call with the default form and three recruiting positions, and verified candidates."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from eig.accounts.models import User
    from tests.factories.calls import application_call

    with transaction.atomic():
        call = application_call(positions=3, slug="appel-rush", title="Appel à candidatures (rush)")
        positions = list(call.promotion.challenges.get().positions.order_by("order").values_list("pk", flat=True))
        # One hash for everyone: each costs ~20 ms of CPU (Argon2id, eig/accounts/hashers.py).
        hashed = make_password(password)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"rush-{i:03d}@example.org", first_name=f"Candidate{i:03d}", last_name="Rush", password=hashed
                )
                for i in range(candidates)
            ]
        )
        # Mandatory email verification: a verified, primary address lets the sign-in through.
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
    return {"call": call.slug, "positions": positions, "emails": [u.email for u in users]}


def _sha256_of(path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def verify() -> dict:
    """Per candidate: their dossiers, versions, and the CV the database and the disk hold."""
    from eig.calls.models import Answer, Dossier, DossierVersion
    from eig.files.models import StoredFile
    from eig.files.storage import private_storage
    from eig.notifications.models import OutboxMessage

    storage = private_storage()
    cv_answers = {
        a.dossier_id: a.value for a in Answer.objects.filter(question__key="cv", dossier__call__slug="appel-rush")
    }
    files = {str(f.public_id): f for f in StoredFile.objects.filter(public_id__in=list(cv_answers.values()))}
    candidates = {}
    for dossier in Dossier.objects.filter(call__slug="appel-rush").select_related("owner").order_by("pk"):
        entry = candidates.setdefault(dossier.owner.email, {"dossiers": []})
        stored = files.get(cv_answers.get(dossier.pk, ""))
        versions = list(dossier.versions.order_by("number").values_list("number", "content"))
        entry["dossiers"].append(
            {
                "id": dossier.pk,
                "number": dossier.number,
                "status": dossier.status,
                "submitted_at": dossier.submitted_at.timestamp() if dossier.submitted_at else None,
                "versions": len(versions),
                # The frozen version must point at the stored CV too.
                "version_cv": versions[-1][1]["answers"].get("cv") if versions else None,
                "cv": cv_answers.get(dossier.pk),
                "cv_sha256_recorded": stored.sha256 if stored else None,
                "cv_sha256_on_disk": _sha256_of(storage.path(stored.path)) if stored else None,
                "cv_size": stored.size if stored else None,
            }
        )
    return {
        "candidates": candidates,
        "dossiers_submitted": Dossier.objects.filter(call__slug="appel-rush", status=Dossier.Status.SUBMITTED).count(),
        "versions": DossierVersion.objects.filter(dossier__call__slug="appel-rush").count(),
        "stored_files": StoredFile.objects.count(),
        "receipts_queued": OutboxMessage.objects.filter(template="dossier_receipt").count(),
        # The key each submitted version's receipt carries (eig/calls/receipts.py), in its X-EIG-Message header.
        "receipt_keys": [
            f"receipt:{dossier_id}:{number}"
            for dossier_id, number in DossierVersion.objects.filter(dossier__call__slug="appel-rush").values_list(
                "dossier_id", "number"
            )
        ],
        "outbox": outbox(),
    }


def outbox() -> dict:
    """The receipt emails of the outbox, counted by status."""
    from eig.notifications.models import OutboxMessage

    statuses = OutboxMessage.objects.filter(template="dossier_receipt").values_list("status", flat=True)
    return dict(Counter(statuses))


def page(slug: str, text: str) -> dict:
    """Create or edit a published public page (eig.content.Page), as a staff member saving it does.

    The save goes through the ORM, so it bumps the public content version in its
    own transaction like any edit (eig/core/pagecache.py).
    """
    from eig.content.models import Page

    page, created = Page.objects.update_or_create(
        slug=slug,
        defaults={"title": "Page du rush", "body": f"Le texte de la page : {text}.", "is_published": True},
    )
    return {"url": page.get_absolute_url(), "created": created}


def answers(sent: dict) -> dict:
    """Per candidate email, the answers stored (and frozen in the last version) that differ from those sent.

    `sent`: {email: {step slug or "voeux": the last form data the server acknowledged}}.
    The raw form data goes through the step form and the answer cleaning the view
    uses, so "on" compares with True and a typed text with its stripped value.
    """
    from django.http import QueryDict

    from eig.applications.models import Wish
    from eig.calls.answers import clean_answer
    from eig.calls.models import Dossier, Question, Step
    from eig.calls.services import answers_of
    from eig.web.dossiers.forms import StepForm

    steps = {s.slug: list(s.questions.all()) for s in Step.objects.filter(call__slug="appel-rush")}
    differences = {}
    for dossier in Dossier.objects.filter(call__slug="appel-rush", owner__email__in=list(sent)).select_related("owner"):
        stored = answers_of(dossier)
        latest = dossier.versions.order_by("-number").first()
        frozen = latest.content["answers"] if latest else None
        wrong = []
        for slug, data in sent[dossier.owner.email].items():
            if slug == "voeux":
                wishes = list(
                    Wish.objects.filter(dossier=dossier).order_by("rank").values_list("position_id", flat=True)
                )
                expected = [int(data[k]) for k in ("voeu_1", "voeu_2", "voeu_3") if data.get(k)]
                if wishes != expected:
                    wrong.append(f"voeux: {wishes} != {expected}")
                continue
            query = QueryDict(mutable=True)
            for key, value in data.items():
                query[key] = value
            questions = [q for q in steps[slug] if q.kind != Question.Kind.FILE]
            typed = StepForm(questions, {}, query).answer_data()
            for question in questions:
                if question.key not in typed:  # not in the form sent (an optional question added since): not compared
                    continue
                expected = clean_answer(question, typed[question.key])
                if stored.get(question.key) != expected:
                    wrong.append(f"{slug}.{question.key}: stored {stored.get(question.key)!r:.60} != {expected!r:.60}")
                if frozen is not None and frozen.get(question.key) != expected:
                    wrong.append(f"{slug}.{question.key}: frozen {frozen.get(question.key)!r:.60} != {expected!r:.60}")
        if wrong:
            differences[dossier.owner.email] = wrong
    return differences


if __name__ == "__main__":
    setup()
    command = sys.argv[1]
    if command == "seed":
        out = seed(int(sys.argv[2]), sys.argv[3])
    elif command == "verify":
        out = verify()
    elif command == "answers":
        with open(sys.argv[2], encoding="utf-8") as f:
            out = answers(json.load(f))
    elif command == "outbox":
        out = outbox()
    elif command == "page":
        out = page(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown command {command!r}")
    print("RUSH_JSON " + json.dumps(out))
