"""The challenges published before the approvers validated the selected challenges stay public.

From migration 0003 on, a challenge built from a proposal is public only while an approved list of
its call holds it (eig/proposals/approval.py). The challenges already published then (their
proposal « publiée ») were never submitted to anyone: this records, for each call that has some, a
list of them approved at the migration, without an approver, saying so in the comment. The
validated proposals not yet published are left out: they go to the approvers like any other.
The content and digest are computed as approval.content_of and eig.core.approvals.digest_of do,
spelled out here so that a later change to those cannot change this migration.
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

COMMENT = (
    "Enregistrée à la mise en place de la validation des défis par les valideurs : "
    "ces défis étaient déjà publiés."
)


def _content(challenges):
    return sorted(
        (
            {
                "id": challenge.pk,
                "title": challenge.title_fr or "",
                "administration": {"id": challenge.administration_id, "name": challenge.administration.name},
                "positions": [
                    {"id": p.pk, "profile": p.profile.code} for p in challenge.positions.select_related("profile").order_by("pk")
                ],
            }
            for challenge in challenges
        ),
        key=lambda item: item["id"],
    )


def _digest(content) -> str:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def record_published(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Challenge = apps.get_model("challenges", "Challenge")
    ChallengeSelection = apps.get_model("proposals", "ChallengeSelection")
    ChallengeApproval = apps.get_model("proposals", "ChallengeApproval")
    published = Proposal.objects.filter(state="published", challenge__isnull=False)
    now = timezone.now()
    for call_id in sorted(set(published.values_list("dossier__call_id", flat=True))):
        ids = published.filter(dossier__call_id=call_id).values_list("challenge_id", flat=True)
        challenges = list(Challenge.objects.filter(pk__in=list(ids)).select_related("administration").order_by("pk"))
        content = _content(challenges)
        digest = _digest(content)
        selection = ChallengeSelection.objects.create(
            call_id=call_id, state="approved", content=content, digest=digest, submitted_at=now, approved_at=now
        )
        selection.challenges.set(challenges)
        ChallengeApproval.objects.create(
            selection=selection, approver=None, decision="approve", comment=COMMENT, digest=digest, at=now
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_challenge_selection")]

    operations = [migrations.RunPython(record_published, migrations.RunPython.noop)]
