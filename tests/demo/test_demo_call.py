"""The demo's call for applications: open now, with dossiers at every stage for each role to look at."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from eig.applications.models import Wish
from eig.calls.models import Answer, Call, Dossier, DossierVersion
from eig.calls.services import missing_for
from eig.core.models import ActivityLog
from eig.demo.builder import build_demo
from eig.demo.dossiers import cv_pdf
from eig.files.models import StoredFile
from eig.notifications.models import OutboxMessage
from eig.promotions.models import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    # The files are scanned once the load commits, as in a real run.
    with django_capture_on_commit_callbacks(execute=True):
        return build_demo()


def test_the_demo_call_is_the_current_promotions_open_call_for_applications(demo):
    call = Call.objects.get(slug="appel-candidatures-eig-9")
    phase = Phase.objects.get(promotion__slug="eig-9", kind=Phase.Kind.APPLICATION_CALL)
    assert (call.kind, call.promotion.slug, call.dossier_prefix, call.max_wishes) == (
        Call.Kind.APPLICATIONS,
        "eig-9",
        "EIG9",
        3,
    )
    assert (call.opens_at, call.closes_at) == (phase.starts_at, phase.ends_at)
    assert call.is_open()
    assert call.steps.count() == 6 and call.rules_page.slug == "reglement-appel-candidatures-eig-9"
    assert "deux ans" in call.privacy_notice and "CNIL" in call.privacy_notice


def test_the_demo_candidate_has_a_draft_to_continue(demo):
    dossier = Dossier.objects.get(owner__email="candidate@demo.eig.example", call__slug="appel-candidatures-eig-9")
    assert dossier.status == Dossier.Status.DRAFT
    answered = set(dossier.answers.values_list("question__step__slug", flat=True))
    assert answered == {"identite", "parcours"}
    assert dossier.wishes.count() == 1
    assert "CV au format PDF" in missing_for(dossier)


def test_staff_find_submitted_dossiers_with_clean_cvs_drafts_and_one_withdrawn(demo):
    dossiers = Dossier.objects.filter(call__slug="appel-candidatures-eig-9")
    counts = {s: dossiers.filter(status=s).count() for s in Dossier.Status.values}
    assert counts == {Dossier.Status.SUBMITTED: 14, Dossier.Status.DRAFT: 11, Dossier.Status.WITHDRAWN: 1}
    submitted = dossiers.filter(status=Dossier.Status.SUBMITTED)
    assert DossierVersion.objects.filter(dossier__in=submitted, number=1).count() == 14
    cv_ids = Answer.objects.filter(dossier__in=submitted, question__key="cv").values_list("value", flat=True)
    cvs = StoredFile.objects.filter(public_id__in=list(cv_ids))
    assert cvs.count() == 14
    assert {(f.mimetype, f.scan_status) for f in cvs} == {("application/pdf", StoredFile.ScanStatus.CLEAN)}
    assert all(1 <= d.wishes.count() <= 3 for d in submitted)


def test_fictional_candidates_cannot_sign_in_and_acted_inside_the_window_before_now(demo):
    call = Call.objects.get(slug="appel-candidatures-eig-9")
    fictional = get_user_model().objects.filter(dossiers__call=call).exclude(email="candidate@demo.eig.example")
    assert fictional.count() == 25
    assert all(u.email.endswith("@demo.eig.example") and not u.has_usable_password() for u in fictional)
    moments = list(DossierVersion.objects.filter(dossier__call=call).values_list("submitted_at", flat=True))
    assert all(call.opens_at <= m < demo.now for m in moments)
    assert len(set(moments)) == len(moments)


def test_the_summary_counts_the_dossiers(demo):
    assert "  « Appel à candidatures EIG 9 » : 14 dossiers déposés, 11 brouillons, 1 retiré(s)." in demo.lines()


def test_a_second_load_creates_no_dossier_answer_file_version_email_or_log(demo):
    models = [get_user_model(), Call, Dossier, Answer, Wish, DossierVersion, StoredFile, OutboxMessage, ActivityLog]
    before = {m._meta.label: m.objects.count() for m in models}
    build_demo()
    assert {m._meta.label: m.objects.count() for m in models} == before


def test_a_load_days_later_moves_the_call_with_the_calendar_and_keeps_the_dossiers(demo):
    later = demo.now + datetime.timedelta(days=3)
    build_demo(now=later)
    call = Call.objects.get(slug="appel-candidatures-eig-9")
    phase = Phase.objects.get(promotion__slug="eig-9", kind=Phase.Kind.APPLICATION_CALL)
    assert (call.opens_at, call.closes_at) == (phase.starts_at, phase.ends_at)
    # Three days on the Paris wall clock: an hour more or less across a change of time.
    shift = call.closes_at - demo.application_call_closes
    assert datetime.timedelta(days=3, hours=-1) <= shift <= datetime.timedelta(days=3, hours=1)
    assert Dossier.objects.filter(call=call).count() == 26


def test_the_generated_cv_is_a_pdf():
    pdf = cv_pdf(["Inès Moreau", "Data scientist — 6 ans d'expérience"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/Type /Catalog" in pdf
