"""The world of the dossier-kit snapshots, built with the clock frozen at NOW."""

import pytest
import time_machine

from .world import NOW, build_world

# The snapshot helper's `assert text == expected` shows pytest's diff (rewritten like a test's asserts);
# registered before the test module imports it (world.py does not).
pytest.register_assert_rewrite("tests.dossier_kit.snapshot")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def frozen():
    # tick=False: every timestamp written while building and every date a page prints is NOW.
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db, frozen):
    return build_world()
