"""The English catalogue is kept up to date: every French string of the code
and templates has a translation, and the compiled catalogue matches it."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _untranslated(po):
    return [
        e.msgid
        for e in po
        if not e.obsolete
        and ("fuzzy" in e.flags or not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr))
    ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext absent (apt-get install gettext)")
def test_every_string_of_the_sources_has_an_english_translation(tmp_path):
    for name in ["eig", "templates", "config", "locale"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    refreshed = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert _untranslated(refreshed) == []


def test_the_compiled_catalogue_matches_the_sources():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.pofile(str(PO)) if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(MO)) if e.msgid}
    assert mo == {k: v for k, v in po.items() if v}


@pytest.mark.django_db
def test_the_english_site_speaks_english():
    html = Client().get("/en" + reverse("public:challenge_list")).content.decode()
    assert '<html lang="en"' in html
    assert "The challenges" in html and "Les défis" not in html
