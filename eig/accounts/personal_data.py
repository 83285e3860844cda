"""A person's personal data: export it, delete or close the account, and purge
dossiers once their call's retention period has ended (RGPD art. 15, 17 and 5.1.e).

The retention of a dossier runs from its call's closing: `Call.retention_days`
(730 by default: the 2017 terms kept dossiers two years). What is kept, and for
how long, is listed in docs/personal-data.md.

Accounts sits low among the apps (docs/architecture.md, « Tiers »): the apps that
hold a person's data import it, never the reverse. So this module holds what is the
account's own (its addresses, second factors, ProConnect links, sessions, the activity
log) and the orchestration; every other app registers a `PersonalDataPart` in its
AppConfig.ready() (eig/<app>/personal_data.py), as file downloads are extended
(eig/files/permissions.py). The parts, by `order`:

    calls 20 (dossiers: answers, versions)  applications 25 (wishes, inside each dossier)
    reviews 30 (evaluation)  juries 40  selection 50  programme 55 (the ten months)
    results 57 (deliverables, handover plans, surveys)  alumni 58  content 59 (stories)  files 60
    notifications 70 (emails)

Files are removed from the disk once the database change commits: a rolled-back
purge never leaves a row pointing at a deleted file.
"""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field

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

from eig.core.activity import log_activity, verb_label
from eig.core.models import ActivityLog
from eig.core.personal_data import ANONYMOUS_DOMAIN, iso

from .models import Role, User

DB_SESSION_ENGINES = {
    "eig.accounts.sessions",
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def retention_end(call) -> datetime.datetime:
    """When a call's dossiers are anonymised: its closing plus its retention period."""
    return call.closes_at + datetime.timedelta(days=call.retention_days)


def is_anonymised_account(user) -> bool:
    return user.email.endswith("@" + ANONYMOUS_DOMAIN)


def addresses_of(user) -> set[str]:
    """Every address the person holds (lower case): the account's and those added to it."""
    addresses = {user.email.lower()}
    addresses |= {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return addresses


# ---------------------------------------------------------------------------
# The registry: each app's part
# ---------------------------------------------------------------------------


class Export:
    """The archive being written: the parts add files to it and counts to its log entry."""

    def __init__(self, archive: zipfile.ZipFile):
        self._archive = archive
        self._taken: set[str] = set()
        self.counts: dict[str, int] = {}

    def add_file(self, name: str, content: bytes) -> str:
        """Store `content` as `fichiers/<name>` (renamed « name (2).ext » when taken); returns that name."""
        arcname = "fichiers/" + _unique_name(name, self._taken)
        self._archive.writestr(arcname, content)
        return arcname

    def count(self, what: str, number: int) -> None:
        self.counts[what] = number


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


@dataclass
class Erasure:
    """One account being deleted or closed, as the parts see it."""

    user: object
    by: object
    now: datetime.datetime
    plan: DeletionPlan
    files_deleted: int = 0
    # Public ids of the files the kept dossiers refer to: a closed account keeps them
    # (filled by the parts holding dossiers, read by the files' part, which comes after).
    kept_files: set[str] = field(default_factory=set)


@dataclass
class CallPurge:
    call: object
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
    # What other parts purge beside the calls' dossiers (the ten months' retrospectives…): one item
    # per line of the command's output, its str() in French.
    others: list = field(default_factory=list)

    @property
    def dossiers_anonymised(self) -> int:
        return sum(c.dossiers_anonymised for c in self.calls)

    @property
    def drafts_deleted(self) -> int:
        return sum(c.drafts_deleted for c in self.calls)


@dataclass
class PurgeRun:
    """One run of `purge_expired`: a dry run (`apply` false) counts what it would do."""

    now: datetime.datetime
    apply: bool
    report: PurgeReport
    handled: set = field(default_factory=set)  # dossiers anonymised or deleted by this run (or that it would)
    counted: set = field(default_factory=set)  # dry run: the rows it would delete, each counted once

    def count_once(self, queryset) -> int:
        """How many of these rows the dry run has not counted yet (then counts them)."""
        new = set(queryset.values_list("pk", flat=True)) - self.counted
        self.counted.update(new)
        return len(new)


class PersonalDataPart:
    """One app's share of a person's data. An app subclasses it, overrides the hooks that
    apply (the others do nothing) and registers an instance in its AppConfig.ready():

        register_part(ReviewsPart())

    `order` places the part among the others: its section of `donnees.json` (after the
    account's own sections, before the activity), and when the erasure and the purge call it.
    """

    key = ""  # its section of donnees.json ("": none)
    order = 100

    # Export (RGPD art. 15 and 20)
    def export(self, user, export: Export):
        """The section's JSON-ready content; files go into the archive through `export`."""
        return None

    def export_dossier(self, dossier) -> dict:
        """Keys added to a dossier's entry of the export, between its answers and its versions."""
        return {}

    def activity(self, user) -> Q | None:
        """The log entries about the person's objects, beside those they made and those about their account."""
        return None

    # Erasure (RGPD art. 17)
    def plan(self, user) -> tuple[list, list]:
        """(drafts deleted with the account, [(dossier kept, anonymised from)])."""
        return [], []

    def delete_account(self, user, erasure: Erasure) -> None:
        """Nothing was ever submitted: everything about the person goes, now."""

    def close_account(self, user, erasure: Erasure) -> None:
        """A submission is kept as proof until its retention ends: the rest goes now."""

    # End of the retention period (RGPD art. 5.1.e)
    def anonymise_dossier(self, dossier, *, now) -> int:
        """Drop what identifies the person from a dossier past its retention; returns the files deleted."""
        return 0

    def purge(self, run: PurgeRun) -> None:
        """Anonymise (or, in a dry run, count) what is past its retention; lines go to `run.report`."""

    def holds_records(self, user) -> bool:
        """Whether the person has records here that a closed account waits for."""
        return False

    def all_anonymised(self, user, run: PurgeRun) -> bool:
        """Whether every record of the person here is anonymised, or is this run's."""
        return True

    def anonymise_account(self, user, run: PurgeRun) -> int:
        """A closed account with nothing left under retention; returns the files deleted (or that would be)."""
        return 0


_parts: list[PersonalDataPart] = []


def register_part(part: PersonalDataPart) -> PersonalDataPart:
    if part not in _parts:
        _parts.append(part)
    return part


def unregister_part(part: PersonalDataPart) -> None:
    if part in _parts:
        _parts.remove(part)


def parts() -> list[PersonalDataPart]:
    return sorted(_parts, key=lambda part: part.order)


# ---------------------------------------------------------------------------
# Export (RGPD art. 15 and 20)
# ---------------------------------------------------------------------------


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
    known_roles = {role.value: str(role.label) for role in Role}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        export = Export(archive)
        sections = {part.key: part.export(user, export) for part in parts() if part.key}
        about_them = Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk))
        for part in parts():
            if (targets := part.activity(user)) is not None:
                about_them |= targets
        activity = ActivityLog.objects.filter(about_them).order_by("at", "pk")
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
            **sections,
            "activity": [
                {
                    "at": iso(entry.at),
                    "action": entry.verb,
                    "label": verb_label(entry.verb),  # the action in words, as the staff activity table reads it
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
    log_activity("account.data_exported", user, actor=by or user, **export.counts)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Deleting or closing an account
# ---------------------------------------------------------------------------


def _end_sessions(user) -> None:
    # The password change below already invalidates every session (Django checks the
    # session's password hash); the rows are removed too, so nothing of it lingers.
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def deletion_plan(user) -> DeletionPlan:
    plan = DeletionPlan(immediate=True)
    for part in parts():
        drafts, kept = part.plan(user)
        plan.drafts += drafts
        plan.kept += kept
    plan.immediate = not plan.kept
    return plan


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
    erasure = Erasure(user=user, by=by, now=now, plan=plan)

    if plan.immediate:
        for part in parts():
            part.delete_account(user, erasure)
        _end_sessions(user)
        # No target and no personal data: the entry only records that an account went.
        log_activity(
            "account.deleted",
            actor=None if by is None or by.pk == user.pk else by,
            drafts_deleted=len(plan.drafts),
            files_deleted=erasure.files_deleted,
        )
        user.delete()  # email addresses, authenticators cascade; log entries lose their actor
        return plan

    for part in parts():
        part.close_account(user, erasure)
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    _end_sessions(user)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    log_activity(
        "account.closed",
        user,
        actor=by,
        at=now.isoformat(),
        dossiers_kept=[dossier.pk for dossier, _end in plan.kept],
        drafts_deleted=len(plan.drafts),
        files_deleted=erasure.files_deleted,
        anonymised_from=iso(plan.anonymised_from),
    )
    return plan


# ---------------------------------------------------------------------------
# Anonymisation at the end of the retention period
# ---------------------------------------------------------------------------


def anonymise_dossier(dossier, *, now) -> int:
    """Keep what statistics need, drop what identifies the person. Returns the files deleted.

    Each part drops its own: the dossier engine its answers, files and versions' content,
    the evaluation its free text, the selection the fellow profiles made from it.
    """
    with transaction.atomic():
        files_deleted = sum(part.anonymise_dossier(dossier, now=now) for part in parts())
        log_activity("dossier.anonymised", dossier, files_deleted=files_deleted)
    return files_deleted


def _anonymise_account(user, run: PurgeRun) -> int:
    """A closed account whose dossiers are all anonymised: nothing personal is left on it."""
    with transaction.atomic():
        files_deleted = sum(part.anonymise_account(user, run) for part in parts())
        if run.apply:
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
            log_activity("account.anonymised", user, at=run.now.isoformat())
    return files_deleted


def anonymise_account(user, *, now) -> int:
    return _anonymise_account(user, PurgeRun(now=now, apply=True, report=PurgeReport(applied=True)))


def _closed_accounts():
    """Accounts closed by `delete_account` (inactive, no usable password), not yet anonymised."""
    return (
        User.objects.filter(is_active=False, password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(email__endswith="@" + ANONYMOUS_DOMAIN)
        .order_by("pk")
    )


def _ready_to_anonymise(user, run: PurgeRun) -> bool:
    """A closed account holds records somewhere, and every one is anonymised (or is this run's)."""
    found = [part for part in parts() if part.holds_records(user)]
    return bool(found) and all(part.all_anonymised(user, run) for part in found)


def purge_expired(now=None, apply=False) -> PurgeReport:
    """Anonymise the dossiers of every call past its retention; a dry run unless `apply`.

    Submitted dossiers are anonymised, never-submitted ones deleted; then every
    closed account left with only anonymised dossiers is anonymised. The dry run
    counts the same things and changes nothing.
    """
    run = PurgeRun(now=now or timezone.now(), apply=apply, report=PurgeReport(applied=apply))
    for part in parts():
        part.purge(run)
    for user in _closed_accounts():
        if not _ready_to_anonymise(user, run):
            continue
        run.report.files_deleted += _anonymise_account(user, run)
        run.report.accounts_anonymised += 1
    return run.report
