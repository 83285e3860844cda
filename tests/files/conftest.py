import pytest


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Each test stores its files under its own temporary private root."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    return settings.PRIVATE_MEDIA_ROOT
