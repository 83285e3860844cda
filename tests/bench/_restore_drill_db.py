"""The restored side of the restore drill, run in its own process with the restored site's environment.

    python -m tests.bench._restore_drill_db files   -> JSON: every StoredFile against the restored storage

Not a benchmark module (its name starts with "_"): the runner does not import it.
"""

import json

from tests.bench._deadline_rush_db import _sha256_of, setup


def files() -> dict:
    """Every file the restored database points at: missing from the restored storage, or altered."""
    # once Django is set up (setup() runs first)
    from eig.files.models import StoredFile
    from eig.files.storage import private_storage

    storage = private_storage()
    missing = altered = 0
    rows = StoredFile.objects.values_list("path", "sha256")
    for path, sha256 in rows:
        on_disk = _sha256_of(storage.path(path))
        missing += on_disk is None
        altered += on_disk is not None and on_disk != sha256
    return {"rows": len(rows), "missing": missing, "altered": altered}


if __name__ == "__main__":
    setup()
    print("RUSH_JSON " + json.dumps(files()))
