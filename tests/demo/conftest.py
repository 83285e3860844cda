import pytest


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    """The demo stores CVs: each test keeps them under its own temporary private root."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
