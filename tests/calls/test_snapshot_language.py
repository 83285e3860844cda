"""A submitted version reads the same in every language (found by the next-year browser journey).

The wishes name their challenges, whose titles have English versions: a version submitted on /en/
must not look changed (« brouillon plus récent ») to the team reading the dossier in French, nor to
the candidate reading it in English afterwards."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from eig.applications.services import set_wishes
from eig.calls.models import Question, Step
from eig.calls.reading import has_newer_draft
from eig.calls.services import attach_file, save_step, start_dossier, submit_dossier
from tests.factories import UserFactory
from tests.factories.calls import COMPLETE_ANSWERS, application_call
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


def test_a_version_submitted_in_english_reads_unchanged_in_french_and_in_english():
    call = application_call(positions=1)
    challenge = call.promotion.challenges.get()
    challenge.title_fr, challenge.title_en = "Hopkins : détecter la fraude", "Hopkins: detecting fraud"
    challenge.save()
    owner = UserFactory()
    dossier = start_dossier(call, owner=owner)
    for slug, answers in COMPLETE_ANSWERS.items():
        save_step(dossier, Step.objects.get(call=call, slug=slug), answers, by=owner)
    set_wishes(dossier, [challenge.positions.get().pk], by=owner)
    cv = Question.objects.get(step__call=call, key="cv")
    attach_file(dossier, cv, SimpleUploadedFile("cv.pdf", PDF_BYTES), by=owner)

    with translation.override("en"):
        version = submit_dossier(dossier, by=owner, language="en")

    assert version.content["wishes"][0]["challenge"] == "Hopkins : détecter la fraude"  # the site's language
    for language in ("fr", "en"):
        with translation.override(language):
            assert not has_newer_draft(dossier, version), language
