"""A person's personal data: export it, delete or close the account, and purge
dossiers once their call's retention period has ended (RGPD art. 15, 17 and 5.1.e).

The retention of a dossier runs from its call's closing: `Call.retention_days`
(730 by default: the 2017 terms kept dossiers two years). What is kept, and for
how long, is listed in docs/personal-data.md.

Files are removed from the disk once the database change commits: a rolled-back
purge never leaves a row pointing at a deleted file.
"""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import partial

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eig.applications.models import Wish, WishWindow
from eig.calls.models import Answer, Call, Dossier, DossierVersion, Question
from eig.core.activity import log_activity
from eig.core.models import ActivityLog
from eig.core.personal_data import ANONYMOUS_DOMAIN, iso
from eig.files.models import StoredFile
from eig.files.storage import private_storage
from eig.juries import personal_data as juries_data
from eig.notifications.models import OutboxMessage
from eig.reviews import personal_data as reviews_data
from eig.selection import personal_data as selection_data

from .models import Role, User

# The marker of an anonymised version's content (the row keeps number, digest, submitted_at).
ANONYMISED_KEY = "anonymised_at"
# Files the owner may get back: the scan cleared them, or it has not run yet (their own upload).
EXPORTABLE_SCANS = {StoredFile.ScanStatus.CLEAN, StoredFile.ScanStatus.PENDING}
DB_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def retention_end(call: Call) -> datetime.datetime:
    """When a call's dossiers are anonymised: its closing plus its retention period."""
    return call.closes_at + datetime.timedelta(days=call.retention_days)


def has_submitted(user) -> bool:
    return DossierVersion.objects.filter(dossier__owner=user).exists()


def is_anonymised_account(user) -> bool:
    return user.email.endswith("@" + ANONYMOUS_DOMAIN)


# ---------------------------------------------------------------------------
# Export (RGPD art. 15 and 20)
# ---------------------------------------------------------------------------


def _addresses_of(user) -> set[str]:
    addresses = {user.email.lower()}
    addresses |= {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return addresses


def _display(question: Question, value):
    """A choice's label beside its stored value, for a reader of the export."""
    labels = {str(v): label for v, label in question.choices or []}
    if question.kind == Question.Kind.SINGLE_CHOICE:
        return labels.get(str(value), value)
    if question.kind == Question.Kind.MULTIPLE_CHOICE and isinstance(value, list):
        return [labels.get(str(v), v) for v in value]
    return value


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
        else:
            item["display"] = _display(question, answer.value)
        answers.append(item)
    window = WishWindow.objects.filter(dossier=dossier).first()
    return {
        "number": dossier.number,
        "call": {"title": dossier.call.title, "slug": dossier.call.slug},
        "status": dossier.status,
        "created_at": iso(dossier.created_at),
        "updated_at": iso(dossier.updated_at),
        "submitted_at": iso(dossier.submitted_at),
        "anonymised_from": iso(retention_end(dossier.call)),
        "answers": answers,
        "wishes": [
            {
                "rank": wish.rank,
                "position": wish.position_id,
                "challenge": wish.position.challenge.title,
                "profile": wish.position.profile.code,
            }
            for wish in Wish.objects.filter(dossier=dossier)
            .select_related("position__challenge", "position__profile")
            .order_by("rank")
        ],
        "wish_window": ({"opened_at": iso(window.opened_at), "closes_at": iso(window.closes_at)} if window else None),
        "versions": [
            {
                "number": version.number,
                "submitted_at": iso(version.submitted_at),
                "digest": version.digest,
                "content": version.content,
            }
            for version in dossier.versions.order_by("number")
        ],
    }


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, counter = name, 1
    while candidate in taken:
        counter += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({counter}).{ext}" if dot and stem else f"{name} ({counter})"
    taken.add(candidate)
    return candidate


def export_personal_data(user, *, by=None) -> bytes:
    """A zip of everything held about `user`: `donnees.json` and `fichiers/<name>` per readable file.

    A file the scan refused, or missing from the storage, is listed in the JSON
    with a note instead of its content: the export never fails on one file.
    """
    storage = private_storage()
    files = list(StoredFile.objects.filter(owner=user).order_by("created_at", "pk"))
    files_by_id = {str(f.public_id): f for f in files}
    dossiers = list(Dossier.objects.filter(owner=user).select_related("call").order_by("created_at", "pk"))
    addresses = _addresses_of(user)
    known_roles = {role.value: str(role.label) for role in Role}

    buffer = io.BytesIO()
    taken: set[str] = set()
    files_data = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stored in files:
            entry = {
                "id": str(stored.public_id),
                "name": stored.original_name,
                "type": stored.mimetype,
                "size": stored.size,
                "sha256": stored.sha256,
                "scan": stored.scan_status,
                "uploaded_at": iso(stored.created_at),
                "in_archive": None,
                "note": "",
            }
            if stored.scan_status not in EXPORTABLE_SCANS:
                entry["note"] = "not included: the virus scan did not clear this file"
            else:
                try:
                    with storage.open(stored.path, "rb") as fileobj:
                        content = fileobj.read()
                except OSError:
                    entry["note"] = "not included: the file is missing from the storage"
                else:
                    arcname = "fichiers/" + _unique_name(stored.original_name, taken)
                    archive.writestr(arcname, content)
                    entry["in_archive"] = arcname
                    if hashlib.sha256(content).hexdigest() != stored.sha256:
                        entry["note"] = "the stored content no longer matches the digest recorded at upload"
            files_data.append(entry)

        dossier_ids = [str(d.pk) for d in dossiers]
        file_ids = [str(f.pk) for f in files]
        activity = ActivityLog.objects.filter(
            Q(actor=user)
            | Q(target_type="calls.dossier", target_id__in=dossier_ids)
            | Q(target_type="files.storedfile", target_id__in=file_ids)
            | Q(target_type="accounts.user", target_id=str(user.pk))
        ).order_by("at", "pk")
        emails = OutboxMessage.objects.filter(recipient__in=addresses).order_by("created_at", "pk")
        data = {
            "exported_at": iso(timezone.now()),
            "account": {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "date_joined": iso(user.date_joined),
                "last_login": iso(user.last_login),
                "is_active": user.is_active,
                "roles": [{"role": r, "label": known_roles.get(r, r)} for r in user.roles or []],
            },
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            # The type and dates only: secrets stay on the server.
            "two_factor": [
                {"type": a.type, "created_at": iso(a.created_at), "last_used_at": iso(a.last_used_at)}
                for a in Authenticator.objects.filter(user=user).order_by("pk")
            ],
            # ProConnect: the federation's identifier and the claims it sent (names, email, uid, SIRET).
            "proconnect": [
                {
                    "uid": a.uid,
                    "claims": a.extra_data,
                    "linked_at": iso(a.date_joined),
                    "last_login": iso(a.last_login),
                }
                for a in SocialAccount.objects.filter(user=user).order_by("pk")
            ],
            "dossiers": [_dossier_data(d, files_by_id) for d in dossiers],
            # Reviews the person wrote as a reviewer; decisions on their own dossiers.
            "evaluation": reviews_data.export_for(user),
            # Seats in juries, with the person's own notes.
            "juries": juries_data.export_for(user),
            # The selection decisions told to the person, how the engine treated them, their offers.
            "selection": selection_data.export_for(user),
            "files": files_data,
            "emails": [
                {
                    "to": m.recipient,
                    "template": m.template,
                    "subject": m.subject,
                    "text": m.body_text,
                    "status": m.status,
                    "queued_at": iso(m.created_at),
                    "sent_at": iso(m.sent_at),
                }
                for m in emails
            ],
            "activity": [
                {
                    "at": iso(entry.at),
                    "action": entry.verb,
                    "by_you": entry.actor_id == user.pk,
                    "target_type": entry.target_type,
                    "target_id": entry.target_id,
                    "details": entry.data,
                }
                for entry in activity
            ],
        }
        archive.writestr(
            "donnees.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=False)
        )
    log_activity("account.data_exported", user, actor=by or user, files=len(files), dossiers=len(dossiers))
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Deleting files, dossiers, accounts
# ---------------------------------------------------------------------------


def _remove_from_disk(paths: list[str]) -> None:
    storage = private_storage()
    for path in paths:
        storage.delete(path)  # a missing file is not an error


def _delete_files(files) -> int:
    """Delete StoredFile rows now and their content once the transaction commits.

    Their "file.stored" log entries lose the file name (it often carries the person's name).
    """
    files = list(files)
    if not files:
        return 0
    ids = [str(f.pk) for f in files]
    for entry in ActivityLog.objects.filter(target_type="files.storedfile", target_id__in=ids, data__has_key="name"):
        entry.data = {k: v for k, v in entry.data.items() if k != "name"}
        entry.save(update_fields=["data"])
    paths = [f.path for f in files]
    StoredFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    transaction.on_commit(partial(_remove_from_disk, paths))
    return len(files)


def _file_ids_of(dossier: Dossier) -> set[str]:
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
    for data in ActivityLog.objects.filter(
        verb="dossier.file_attached", target_type="calls.dossier", target_id=str(dossier.pk)
    ).values_list("data", flat=True):
        if data.get("file"):
            ids.add(str(data["file"]))
    return ids


def _files_of(dossier: Dossier):
    return StoredFile.objects.filter(owner_id=dossier.owner_id, public_id__in=list(_file_ids_of(dossier)))


def _delete_draft(dossier: Dossier) -> int:
    """A dossier never submitted: deleted with its answers, wishes and files. Returns the files deleted."""
    deleted = _delete_files(_files_of(dossier))
    dossier.delete()  # answers, wishes and the wish window cascade
    return deleted


def _end_sessions(user) -> None:
    # The password change below already invalidates every session (Django checks the
    # session's password hash); the rows are removed too, so nothing of it lingers.
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@dataclass
class DeletionPlan:
    """What "Supprimer mon compte" does for this person, said before it is done."""

    immediate: bool  # never submitted: everything is deleted now
    drafts: list = field(default_factory=list)  # dossiers deleted now
    kept: list = field(default_factory=list)  # [(dossier, anonymised from)]

    @property
    def anonymised_from(self):
        """When the closed account itself is anonymised: with its last dossier."""
        return max((end for _dossier, end in self.kept), default=None)


def deletion_plan(user) -> DeletionPlan:
    dossiers = list(Dossier.objects.filter(owner=user).select_related("call").order_by("created_at", "pk"))
    submitted = set(DossierVersion.objects.filter(dossier__owner=user).values_list("dossier_id", flat=True))
    return DeletionPlan(
        immediate=not submitted,
        drafts=[d for d in dossiers if d.pk not in submitted],
        kept=[(d, retention_end(d.call)) for d in dossiers if d.pk in submitted],
    )


@transaction.atomic
def delete_account(user, *, by, now=None) -> DeletionPlan:
    """The person's "right to erasure", as far as the programme's rules allow.

    Never submitted anything: the account and all it holds are deleted now.
    Submitted a dossier: the submission is proof the programme must keep until
    the call's retention ends; the account is closed now (no sign-in, sessions
    ended, drafts and unused files deleted) and anonymised by `purge_expired`
    with its last dossier. The user row keeps its email until then, so the
    dossier stays attributable during the retention period.
    """
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    plan = deletion_plan(user)
    files_deleted = 0
    for dossier in plan.drafts:
        files_deleted += _delete_draft(dossier)

    if plan.immediate:
        files_deleted += _delete_files(StoredFile.objects.filter(owner=user))
        OutboxMessage.objects.filter(recipient__in=_addresses_of(user)).delete()
        _end_sessions(user)
        reviews_data.forget_reviewer(user, now=now)
        juries_data.forget_juror(user)
        selection_data.hide_public_profiles(user)
        # No target and no personal data: the entry only records that an account went.
        log_activity(
            "account.deleted",
            actor=None if by is None or by.pk == user.pk else by,
            drafts_deleted=len(plan.drafts),
            files_deleted=files_deleted,
        )
        user.delete()  # email addresses, authenticators cascade; log entries lose their actor
        return plan

    kept_ids = [d.pk for d, _end in plan.kept]
    kept_files = set()
    for dossier, _end in plan.kept:
        kept_files |= _file_ids_of(dossier)
    files_deleted += _delete_files(StoredFile.objects.filter(owner=user).exclude(public_id__in=list(kept_files)))
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    _end_sessions(user)
    reviews_data.forget_reviewer(user, now=now)
    juries_data.forget_juror(user)
    selection_data.hide_public_profiles(user)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    log_activity(
        "account.closed",
        user,
        actor=by,
        at=now.isoformat(),
        dossiers_kept=kept_ids,
        drafts_deleted=len(plan.drafts),
        files_deleted=files_deleted,
        anonymised_from=iso(plan.anonymised_from),
    )
    return plan


# ---------------------------------------------------------------------------
# Anonymisation at the end of the retention period
# ---------------------------------------------------------------------------


def is_anonymised(dossier: Dossier) -> bool:
    return not dossier.versions.exclude(content__has_key=ANONYMISED_KEY).exists() and not dossier.answers.exists()


def anonymise_dossier(dossier: Dossier, *, now) -> int:
    """Keep what statistics need, drop what identifies the person. Returns the files deleted.

    Kept: the dossier's number, status and submission time; each version's
    number, digest and time; the wishes (positions, not people). Deleted:
    the answers, the files, the versions' content (a stub replaces it).
    """
    with transaction.atomic():
        files_deleted = _delete_files(_files_of(dossier))
        Answer.objects.filter(dossier=dossier).delete()
        reviews_data.anonymise_dossier_reviews(dossier)
        selection_data.forget_dossier(dossier)
        for version in DossierVersion.objects.filter(dossier=dossier):
            stub = {"dossier": dossier.number, ANONYMISED_KEY: now.isoformat()}
            if "wishes" in (version.content or {}):
                stub["wishes"] = version.content["wishes"]
            version.content = stub
            version.save(update_fields=["content"])
        Dossier.objects.filter(pk=dossier.pk).update(last_step="")
        log_activity("dossier.anonymised", dossier, files_deleted=files_deleted)
    return files_deleted


def anonymise_account(user, *, now) -> int:
    """A closed account whose dossiers are all anonymised: nothing personal is left on it."""
    with transaction.atomic():
        files_deleted = _delete_files(StoredFile.objects.filter(owner=user))
        OutboxMessage.objects.filter(recipient__in=_addresses_of(user)).delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        _end_sessions(user)
        User.objects.filter(pk=user.pk).update(
            email=f"anonyme-{user.pk}@{ANONYMOUS_DOMAIN}",
            first_name="",
            last_name="",
            last_login=None,
            is_active=False,
        )
        log_activity("account.anonymised", user, at=now.isoformat())
    return files_deleted


@dataclass
class CallPurge:
    call: Call
    retention_end: datetime.datetime
    dossiers_anonymised: int = 0
    drafts_deleted: int = 0
    files_deleted: int = 0


@dataclass
class PurgeReport:
    applied: bool
    calls: list[CallPurge] = field(default_factory=list)
    accounts_anonymised: int = 0
    files_deleted: int = 0

    @property
    def dossiers_anonymised(self) -> int:
        return sum(c.dossiers_anonymised for c in self.calls)

    @property
    def drafts_deleted(self) -> int:
        return sum(c.drafts_deleted for c in self.calls)


def _closed_accounts():
    """Accounts closed by `delete_account` (inactive, no usable password), not yet anonymised."""
    return (
        User.objects.filter(is_active=False, password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(email__endswith="@" + ANONYMOUS_DOMAIN)
        .filter(dossiers__isnull=False)
        .distinct()
    )


def _all_anonymised_but(user, handled: set[int]) -> bool:
    """Whether every dossier of `user` is anonymised, or handled by this run."""
    for dossier in Dossier.objects.filter(owner=user).exclude(pk__in=handled):
        if not dossier.versions.exists() or not is_anonymised(dossier):
            return False
    return True


def purge_expired(now=None, apply=False) -> PurgeReport:
    """Anonymise the dossiers of every call past its retention; a dry run unless `apply`.

    Submitted dossiers are anonymised, never-submitted ones deleted; then every
    closed account left with only anonymised dossiers is anonymised. The dry run
    counts the same things and changes nothing.
    """
    now = now or timezone.now()
    report = PurgeReport(applied=apply)
    handled: set[int] = set()  # dossiers anonymised or deleted by this run (or that it would)
    counted: set[int] = set()  # dry run: files it would delete, each counted once

    def would_delete(files) -> int:
        new = set(files.values_list("pk", flat=True)) - counted
        counted.update(new)
        return len(new)

    for call in Call.objects.filter(closes_at__lte=now).order_by("closes_at", "pk"):
        end = retention_end(call)
        if end > now:
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
            if apply:
                item.files_deleted += anonymise_dossier(dossier, now=now)
            else:
                item.files_deleted += would_delete(_files_of(dossier))
            item.dossiers_anonymised += 1
            handled.add(dossier.pk)
        for dossier in drafts:
            if apply:
                with transaction.atomic():
                    item.files_deleted += _delete_draft(dossier)
                    log_activity("dossier.purged", call, dossier=dossier.number)
            else:
                item.files_deleted += would_delete(_files_of(dossier))
            item.drafts_deleted += 1
            handled.add(dossier.pk)
        report.calls.append(item)
        report.files_deleted += item.files_deleted

    for user in _closed_accounts():
        if not _all_anonymised_but(user, handled):
            continue
        if apply:
            report.files_deleted += anonymise_account(user, now=now)
        else:
            report.files_deleted += would_delete(StoredFile.objects.filter(owner=user))
        report.accounts_anonymised += 1
    return report
