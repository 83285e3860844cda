import pytest


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    """The demo stores CVs, a promotion's photo and a news image: each test keeps them under its own
    temporary roots."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
