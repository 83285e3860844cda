"""The stored files in a person's personal data (a part of eig/accounts/personal_data.py).

- Export: every file the person uploaded is listed, and its content put in the archive
  when the scan cleared it (or has not run yet) and the storage still holds it.
- Deleting an account: all its files go; closing it: all but those its kept dossiers
  refer to (`Erasure.kept_files`, filled by the dossier engine's part, which comes first).
- Anonymising a closed account: the files left go.

`delete_files` is also what the dossier engine's part deletes a dossier's files with.
"""

import hashlib
from functools import partial

from django.db import transaction
from django.db.models import Q

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.models import ActivityLog
from eig.core.personal_data import iso

from .models import StoredFile
from .storage import private_storage

# Files the owner may get back: the scan cleared them, or it has not run yet (their own upload).
EXPORTABLE_SCANS = {StoredFile.ScanStatus.CLEAN, StoredFile.ScanStatus.PENDING}


def _remove_from_disk(paths: list[str]) -> None:
    storage = private_storage()
    for path in paths:
        storage.delete(path)  # a missing file is not an error


def delete_files(files) -> int:
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


def _files_of(user):
    return StoredFile.objects.filter(owner=user).order_by("created_at", "pk")


class FilesPart(PersonalDataPart):
    key = "files"
    order = 60

    def export(self, user, export):
        storage = private_storage()
        files = list(_files_of(user))
        entries = []
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
                    entry["in_archive"] = export.add_file(stored.original_name, content)
                    if hashlib.sha256(content).hexdigest() != stored.sha256:
                        entry["note"] = "the stored content no longer matches the digest recorded at upload"
            entries.append(entry)
        export.count("files", len(files))
        return entries

    def activity(self, user):
        ids = [str(pk) for pk in StoredFile.objects.filter(owner=user).values_list("pk", flat=True)]
        return Q(target_type="files.storedfile", target_id__in=ids)

    def delete_account(self, user, erasure):
        erasure.files_deleted += delete_files(StoredFile.objects.filter(owner=user))

    def close_account(self, user, erasure):
        unused = StoredFile.objects.filter(owner=user).exclude(public_id__in=list(erasure.kept_files))
        erasure.files_deleted += delete_files(unused)

    def anonymise_account(self, user, run):
        files = StoredFile.objects.filter(owner=user)
        return delete_files(files) if run.apply else run.count_once(files)


register_part(FilesPart())
