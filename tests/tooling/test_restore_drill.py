"""The restore drill's verdicts (tests/bench/restore_drill.py): what counts as lost after a restore.

A submission or an upload the client saw acknowledged before the backup point must
be in the restored instance intact; one acknowledged after it is what the restore
loses (the RPO).
"""

from types import SimpleNamespace

import pytest

from tests.bench.deadline_rush import SUBMIT, UPLOAD, Sample
from tests.bench.restore_drill import acknowledged, compare, knobs

POINT = 100.0  # the backup point, on the clients' clock
SHA = {name: name * 64 for name in "abcdef"}


def client(email, *, uploaded_at=None, submitted_at=None, cv="a"):
    samples = []
    if uploaded_at is not None:
        samples.append(Sample(UPLOAD, 0.5, 302, uploaded_at - 0.5))
    if submitted_at is not None:
        samples.append(Sample(SUBMIT, 0.2, 500, submitted_at - 3))  # a failed try first: not an acknowledgement
        samples.append(Sample(SUBMIT, 0.2, 302, submitted_at - 0.2))
    return SimpleNamespace(email=email, samples=samples, receipt=submitted_at is not None, cv_sha256=SHA[cv])


def restored_dossier(*, status="submitted", versions=1, cv="a", on_disk=None, frozen_cv="id"):
    return {
        "dossiers": [
            {
                "status": status,
                "versions": versions,
                "cv": "id",
                "version_cv": frozen_cv,
                "cv_sha256_recorded": SHA[cv],
                "cv_sha256_on_disk": SHA[on_disk or cv],
            }
        ]
    }


def test_the_acknowledgement_is_the_last_302_read_by_the_client():
    c = client("x@example.org", submitted_at=90.0)
    assert acknowledged(c, SUBMIT) == pytest.approx(90.0)
    assert acknowledged(c, UPLOAD) is None


def test_what_was_acknowledged_before_the_backup_point_must_be_restored_intact():
    clients = [
        client("intact@example.org", uploaded_at=50, submitted_at=60),
        client("missing@example.org", uploaded_at=50, submitted_at=70),
        client("no-version@example.org", uploaded_at=50, submitted_at=80),
        client("altered@example.org", uploaded_at=50, submitted_at=85),
        client("draft@example.org", uploaded_at=95),  # uploaded, not submitted: its CV must be there too
    ]
    restored = {
        "candidates": {
            "intact@example.org": restored_dossier(),
            "no-version@example.org": restored_dossier(versions=0),
            "altered@example.org": restored_dossier(on_disk="b"),
            "draft@example.org": restored_dossier(status="draft", versions=0, cv="b"),
        }
    }
    out = compare(clients, POINT, restored)
    assert out["submitted_before"] == 4
    assert out["missing_dossiers"] == 1
    assert out["missing_versions"] == 1
    assert out["missing_files"] == 1
    assert (out["uploads_before"], out["missing_uploads"]) == (5, 3)  # missing, altered, the draft's
    assert out["last_before"] == pytest.approx(85)


def test_what_was_acknowledged_after_the_backup_point_and_is_absent_is_the_data_lost():
    clients = [
        client("in-backup@example.org", uploaded_at=95, submitted_at=100.5),  # committed before the snapshot
        client("lost@example.org", uploaded_at=101, submitted_at=110),
        client("lost-later@example.org", uploaded_at=102, submitted_at=120),
    ]
    restored = {"candidates": {"in-backup@example.org": restored_dossier()}}
    out = compare(clients, POINT, restored)
    assert (out["submitted_before"], out["missing_dossiers"]) == (0, 0)
    assert (out["submitted_after"], out["lost_after"]) == (3, 2)
    assert out["last_lost"] == pytest.approx(120)
    assert (out["uploads_before"], out["missing_uploads"]) == (1, 0)


def test_the_knobs_default_to_both_databases_and_refuse_others():
    assert knobs({})["databases"] == ["sqlite", "postgresql"]
    assert knobs({"RESTORE_DRILL_CANDIDATES": "10", "RESTORE_DRILL_DATABASES": "sqlite"})["candidates"] == 10
    with pytest.raises(ValueError, match="RESTORE_DRILL_DATABASES"):
        knobs({"RESTORE_DRILL_DATABASES": "mysql"})
