import os
import shutil
import stat
from pathlib import Path

import pytest

# The legacy site lives beside the repository (shared/data/site-eig), here and in CI.
LEGACY_SITE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "site-eig"


@pytest.fixture
def legacy_site() -> Path:
    assert (LEGACY_SITE / "_data" / "defis.yml").is_file(), f"legacy site missing at {LEGACY_SITE}"
    return LEGACY_SITE


@pytest.fixture
def legacy_copy(legacy_site, tmp_path) -> Path:
    """A writable copy of the legacy site, to corrupt or edit."""
    copy = tmp_path / "site-eig"
    shutil.copytree(legacy_site, copy)
    for directory, _dirs, files in os.walk(copy):
        os.chmod(directory, os.stat(directory).st_mode | stat.S_IWUSR)
        for name in files:
            path = os.path.join(directory, name)
            os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
    return copy


def write_site(root: Path, files: dict[str, str]) -> Path:
    """A minimal legacy site made of the given files (path relative to the root → text)."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
