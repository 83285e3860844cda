"""The dossiers in a person's personal data (a part of eig/accounts/personal_data.py).

- Export: each dossier with its answers (beside each stored value, its words as every
  page reads them: eig.calls.display; a file's name), what other apps add to it (`PersonalDataPart.export_dossier`: the wishes) and
  its submitted versions.
- Deleting or closing an account: the never-submitted dossiers (drafts) go now, with
  their answers and files; a submitted dossier is proof kept until its call's retention
  ends, with the files it refers to.
- The purge: past a call's retention, its submitted dossiers are anonymised (the number,
  status, submission time, each version's number, digest and time, and the wishes stay)
  and its drafts deleted.
"""

from django.db import transaction
from django.db.models import Q

from eig.accounts.personal_data import (
    CallPurge,
    PersonalDataPart,
    anonymise_dossier,
    parts,
    register_part,
    retention_end,
)
from eig.core.activity import log_activity
from eig.core.models import ActivityLog
from eig.core.personal_data import iso
from eig.files.models import StoredFile
from eig.files.personal_data import delete_files

from .display import Style, display
from .models import Answer, Call, ComplementRequest, Dossier, DossierVersion, Question

# The marker of an anonymised version's content (the row keeps number, digest, submitted_at).
ANONYMISED_KEY = "anonymised_at"


def _dossier_data(dossier: Dossier, files_by_id: dict) -> dict:
    answers = []
    for answer in dossier.answers.select_related("question__step").order_by("question__step__order", "question__order"):
        question = answer.question
        item = {
            "step": question.step.title,
            "question": question.label,
            "key": question.key,
            "value": answer.value,
        }
        if question.kind == Question.Kind.FILE:
            stored = files_by_id.get(str(answer.value))
            item["file"] = stored.original_name if stored else None
        # The answer's words, as every page and document reads them (display.py).
        item["display"] = display(question, answer.value, files_by_id, Style.DATA)
        answers.append(item)
    data = {
        "number": dossier.number,
        "call": {"title": dossier.call.title, "slug": dossier.call.slug},
        "status": dossier.status,
        "created_at": iso(dossier.created_at),
        "updated_at": iso(dossier.updated_at),
        "submitted_at": iso(dossier.submitted_at),
        "anonymised_from": iso(retention_end(dossier.call)),
        "answers": answers,
    }
    # The requests for complement (complements.py) and what the person answered.
    data["complements"] = [
        {
            "kind": request.kind,
            "message": request.message,
            "asked_at": iso(request.created_at),
            "due_at": iso(request.due_at),
            "answered_at": iso(request.answered_at),
            "answer": request.answer_text,
            "file": request.answer_file.original_name if request.answer_file else None,
        }
        for request in dossier.complement_requests.select_related("answer_file").order_by("created_at", "pk")
    ]
    for part in parts():
        data.update(part.export_dossier(dossier))
    data["versions"] = [
        {
            "number": version.number,
            "submitted_at": iso(version.submitted_at),
            "digest": version.digest,
            "content": version.content,
        }
        for version in dossier.versions.order_by("number")
    ]
    return data


def _dossiers_of(user):
    return Dossier.objects.filter(owner=user).select_related("call").order_by("created_at", "pk")


def file_ids_of(dossier: Dossier) -> set[str]:
    """The files a dossier refers to: current answers, submitted versions, attach log entries."""
    keys = set(
        Question.objects.filter(step__call_id=dossier.call_id, kind=Question.Kind.FILE).values_list("key", flat=True)
    )
    ids = {
        str(v)
        for v in Answer.objects.filter(dossier=dossier, question__kind=Question.Kind.FILE).values_list(
            "value", flat=True
        )
        if v
    }
    for content in DossierVersion.objects.filter(dossier=dossier).values_list("content", flat=True):
        answers = (content or {}).get("answers") or {}
        ids |= {str(answers[k]) for k in keys if answers.get(k)}
    ids |= {
        str(public_id)
        for public_id in ComplementRequest.objects.filter(dossier=dossier, answer_file__isnull=False).values_list(
            "answer_file__public_id", flat=True
        )
    }
    for data in ActivityLog.objects.filter(
        verb="dossier.file_attached", target_type="calls.dossier", target_id=str(dossier.pk)
    ).values_list("data", flat=True):
        if data.get("file"):
            ids.add(str(data["file"]))
    return ids


def _files_of(dossier: Dossier):
    return StoredFile.objects.filter(owner_id=dossier.owner_id, public_id__in=list(file_ids_of(dossier)))


def _delete_draft(dossier: Dossier) -> int:
    """A dossier never submitted: deleted with its answers, wishes and files. Returns the files deleted."""
    deleted = delete_files(_files_of(dossier))
    dossier.delete()  # answers, wishes and the wish window cascade
    return deleted


def is_anonymised(dossier: Dossier) -> bool:
    return not dossier.versions.exclude(content__has_key=ANONYMISED_KEY).exists() and not dossier.answers.exists()


class DossiersPart(PersonalDataPart):
    key = "dossiers"
    order = 20

    def export(self, user, export):
        files_by_id = {str(f.public_id): f for f in StoredFile.objects.filter(owner=user)}
        dossiers = list(_dossiers_of(user))
        export.count("dossiers", len(dossiers))
        return [_dossier_data(d, files_by_id) for d in dossiers]

    def activity(self, user):
        ids = [str(pk) for pk in Dossier.objects.filter(owner=user).values_list("pk", flat=True)]
        return Q(target_type="calls.dossier", target_id__in=ids)

    def plan(self, user):
        dossiers = list(_dossiers_of(user))
        submitted = set(DossierVersion.objects.filter(dossier__owner=user).values_list("dossier_id", flat=True))
        drafts = [d for d in dossiers if d.pk not in submitted]
        kept = [(d, retention_end(d.call)) for d in dossiers if d.pk in submitted]
        return drafts, kept

    def delete_account(self, user, erasure):
        for dossier in erasure.plan.drafts:
            if isinstance(dossier, Dossier):
                erasure.files_deleted += _delete_draft(dossier)

    def close_account(self, user, erasure):
        self.delete_account(user, erasure)
        for dossier, _end in erasure.plan.kept:
            if isinstance(dossier, Dossier):
                erasure.kept_files |= file_ids_of(dossier)

    def anonymise_dossier(self, dossier, *, now):
        files_deleted = delete_files(_files_of(dossier))
        Answer.objects.filter(dossier=dossier).delete()
        # A request's words and its answer may name the person: the dates and the kind stay.
        ComplementRequest.objects.filter(dossier=dossier).update(message="", answer_text="")
        for version in DossierVersion.objects.filter(dossier=dossier):
            stub = {"dossier": dossier.number, ANONYMISED_KEY: now.isoformat()}
            if "wishes" in (version.content or {}):
                stub["wishes"] = version.content["wishes"]
            version.content = stub
            version.save(update_fields=["content"])
        Dossier.objects.filter(pk=dossier.pk).update(last_step="")
        return files_deleted

    def purge(self, run):
        for call in Call.objects.filter(closes_at__lte=run.now).order_by("closes_at", "pk"):
            end = retention_end(call)
            if end > run.now:
                continue
            dossiers = Dossier.objects.filter(call=call).select_related("call")
            submitted = list(
                dossiers.filter(versions__isnull=False).exclude(versions__content__has_key=ANONYMISED_KEY).distinct()
            )
            drafts = list(dossiers.filter(versions__isnull=True))
            if not submitted and not drafts:
                continue
            item = CallPurge(call=call, retention_end=end)
            for dossier in submitted:
                if run.apply:
                    item.files_deleted += anonymise_dossier(dossier, now=run.now)
                else:
                    item.files_deleted += run.count_once(_files_of(dossier))
                item.dossiers_anonymised += 1
                run.handled.add(dossier.pk)
            for dossier in drafts:
                if run.apply:
                    with transaction.atomic():
                        item.files_deleted += _delete_draft(dossier)
                        log_activity("dossier.purged", call, dossier=dossier.number)
                else:
                    item.files_deleted += run.count_once(_files_of(dossier))
                item.drafts_deleted += 1
                run.handled.add(dossier.pk)
            run.report.calls.append(item)
            run.report.files_deleted += item.files_deleted

    def holds_records(self, user):
        return Dossier.objects.filter(owner=user).exists()

    def all_anonymised(self, user, run):
        for dossier in Dossier.objects.filter(owner=user).exclude(pk__in=run.handled):
            if not dossier.versions.exists() or not is_anonymised(dossier):
                return False
        return True


register_part(DossiersPart())
