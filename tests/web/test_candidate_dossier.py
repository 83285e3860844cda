"""The candidate's dossier through its pages: step by step, saved as a draft at
every step, checked, submitted, receipted, withdrawn with confirmation."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier, DossierVersion
from eig.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.factories.calls import COMPLETE_ANSWERS, application_call
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def start(client, call) -> Dossier:
    response = client.post(reverse("candidates:apply", args=[call.slug]))
    dossier = Dossier.objects.get(call=call)
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:step", args=[dossier.number, "identite"])
    return dossier


def step_url(dossier, slug):
    return reverse("candidates:step", args=[dossier.number, slug])


def fill_everything(client, dossier, call):
    for slug, answers in COMPLETE_ANSWERS.items():
        data = {k: ("on" if v is True else v) for k, v in answers.items()}
        response = client.post(step_url(dossier, slug), {**data, "action": "next"})
        assert response.status_code == 302, slug
    position = call.promotion.challenges.get().positions.first()
    client.post(reverse("candidates:wishes", args=[dossier.number]), {"voeu_1": position.pk, "action": "next"})
    client.post(step_url(dossier, "pieces"), {"cv": SimpleUploadedFile("cv.pdf", PDF_BYTES), "action": "next"})


class TestSteps:
    def test_starting_creates_one_dossier_and_opens_its_first_step(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        assert dossier.owner == candidate and dossier.status == Dossier.Status.DRAFT
        # A second visit of the call goes back to the same dossier.
        again = client.get(reverse("candidates:apply", args=[call.slug]))
        assert again["Location"] == reverse("candidates:resume", args=[dossier.number])
        assert Dossier.objects.count() == 1

    def test_a_step_saves_its_answers_and_goes_on(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        response = client.post(step_url(dossier, "identite"), {**COMPLETE_ANSWERS["identite"], "action": "next"})
        # The wishes come second: they frame the rest of the dossier.
        assert response["Location"] == reverse("candidates:wishes", args=[dossier.number])
        saved = {a.question.key: a.value for a in Answer.objects.filter(dossier=dossier)}
        assert saved["prenom"] == "Ada" and saved["civilite"] == "non_precise"

    def test_an_invalid_answer_is_named_and_the_others_are_kept(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        response = client.post(
            step_url(dossier, "parcours"),
            {"profession": "developer", "experience_annees": "sept", "parcours": "Mon parcours", "action": "next"},
        )
        assert response.status_code == 200
        assert "un nombre entier est attendu" in response.content.decode()
        assert "Mon parcours" in response.content.decode()
        saved = {a.question.key: a.value for a in Answer.objects.filter(dossier=dossier)}
        assert saved == {"profession": "developer", "parcours": "Mon parcours"}

    def test_autosave_answers_json_and_keeps_the_draft(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        response = client.post(step_url(dossier, "motivation"), {"motivation": "Parce que"}, HTTP_X_AUTOSAVE="1")
        assert response.status_code == 200
        assert response.json()["saved"] is True and response.json()["errors"] == {}
        assert Answer.objects.get(dossier=dossier, question__key="motivation").value == "Parce que"

    def test_resume_goes_back_to_the_last_step_opened(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        client.get(step_url(dossier, "disponibilite"))
        response = client.get(reverse("candidates:resume", args=[dossier.number]))
        assert response["Location"] == step_url(dossier, "disponibilite")

    def test_answers_are_shown_back_when_the_step_is_opened_again(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        client.post(step_url(dossier, "identite"), {**COMPLETE_ANSWERS["identite"], "action": "save"})
        page = client.get(step_url(dossier, "identite")).content.decode()
        assert 'value="Lovelace"' in page and 'value="non_precise"' in page and "checked" in page


class TestSubmit:
    def test_submit_is_refused_with_the_list_of_missing_items(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        response = client.post(reverse("candidates:submit", args=[dossier.number]), follow=True)
        page = response.content.decode()
        assert "Le dossier est incomplet" in page and "CV au format PDF" in page
        assert "Au moins un vœu parmi les postes proposés" in page
        assert DossierVersion.objects.count() == 0

    def test_a_complete_dossier_is_submitted_with_a_receipt(self, client, candidate, private_media):
        call = application_call()
        dossier = start(client, call)
        fill_everything(client, dossier, call)
        response = client.post(reverse("candidates:submit", args=[dossier.number]))
        assert response["Location"] == reverse("candidates:receipt", args=[dossier.number, 1])
        version = DossierVersion.objects.get()
        receipt = client.get(response["Location"]).content.decode()
        assert dossier.number in receipt and version.digest in receipt
        assert timezone.localtime(version.submitted_at).strftime("%H:%M:%S") in receipt
        assert OutboxMessage.objects.filter(recipient="ada@example.org", template="dossier_receipt").count() == 1
        assert version.content["wishes"][0]["rank"] == 1

    def test_a_double_click_gives_one_version(self, client, candidate, private_media):
        call = application_call()
        dossier = start(client, call)
        fill_everything(client, dossier, call)
        first = client.post(reverse("candidates:submit", args=[dossier.number]))
        second = client.post(reverse("candidates:submit", args=[dossier.number]))
        assert first["Location"] == second["Location"]
        assert DossierVersion.objects.count() == 1
        assert OutboxMessage.objects.filter(template="dossier_receipt").count() == 1

    def test_the_receipt_pdf_is_a_pdf(self, client, candidate, private_media):
        call = application_call()
        dossier = start(client, call)
        fill_everything(client, dossier, call)
        client.post(reverse("candidates:submit", args=[dossier.number]))
        response = client.get(reverse("candidates:receipt_pdf", args=[dossier.number, 1]))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


class TestWishes:
    def test_wishes_are_ranked_in_order(self, client, candidate):
        call = application_call(positions=3)
        dossier = start(client, call)
        first, second, third = call.promotion.challenges.get().positions.order_by("order")
        client.post(
            reverse("candidates:wishes", args=[dossier.number]),
            {"voeu_1": third.pk, "voeu_2": first.pk, "voeu_3": "", "action": "save"},
        )
        assert list(Wish.objects.values_list("rank", "position")) == [(1, third.pk), (2, first.pk)]

    def test_the_same_position_twice_is_refused(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        position = call.promotion.challenges.get().positions.first()
        response = client.post(
            reverse("candidates:wishes", args=[dossier.number]), {"voeu_1": position.pk, "voeu_2": position.pk}
        )
        assert response.status_code == 409
        assert "ne peut être choisi qu&#x27;une fois" in response.content.decode()
        assert Wish.objects.count() == 0

    def test_in_the_2021_mode_the_dossier_has_no_wishes_step(self, client, candidate):
        call = application_call(wishes_mode="after_preselection")
        dossier = start(client, call)
        assert client.get(reverse("candidates:wishes", args=[dossier.number])).status_code == 404
        page = client.get(reverse("candidates:dossier", args=[dossier.number])).content.decode()
        assert "Au moins un vœu" not in page


class TestDeadline:
    def test_after_closing_a_step_is_readable_but_not_saved(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        client.post(step_url(dossier, "identite"), {"prenom": "Ada", "action": "save"})
        type(call).objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
        page = client.get(step_url(dossier, "identite"))
        assert page.status_code == 200 and 'value="Ada"' in page.content.decode()
        refused = client.post(step_url(dossier, "identite"), {"prenom": "Grace", "action": "save"})
        assert refused.status_code == 409
        assert "L&#x27;appel est clos" in refused.content.decode()
        assert Answer.objects.get(dossier=dossier, question__key="prenom").value == "Ada"


class TestWithdraw:
    def test_withdraw_asks_for_confirmation(self, client, candidate):
        call = application_call()
        dossier = start(client, call)
        unconfirmed = client.post(reverse("candidates:withdraw", args=[dossier.number]))
        assert unconfirmed.status_code == 200 and "Cochez la case" in unconfirmed.content.decode()
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.DRAFT
        client.post(reverse("candidates:withdraw", args=[dossier.number]), {"confirm": "1"})
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.WITHDRAWN


class TestSpace:
    def test_the_space_lists_the_dossier_with_its_timeline(self, client, candidate, private_media):
        call = application_call()
        dossier = start(client, call)
        fill_everything(client, dossier, call)
        client.post(reverse("candidates:submit", args=[dossier.number]))
        page = client.get(reverse("candidates:space")).content.decode()
        assert dossier.number in page and "Dossier commencé" in page and "Dossier déposé" in page

    def test_an_open_call_is_offered_to_a_person_without_dossier(self, client, candidate):
        call = application_call()
        page = client.get(reverse("candidates:space")).content.decode()
        assert reverse("candidates:apply", args=[call.slug]) in page


class TestPermissions:
    def test_a_candidate_never_reaches_another_candidates_dossier_or_file(self, client, private_media):
        call = application_call()
        owner = UserFactory(email="owner@example.org")
        client.force_login(owner)
        dossier = start(client, call)
        fill_everything(client, dossier, call)
        client.post(reverse("candidates:submit", args=[dossier.number]))
        cv = Answer.objects.get(dossier=dossier, question__key="cv").value
        from eig.files.models import StoredFile

        StoredFile.objects.filter(public_id=cv).update(scan_status="clean")
        file_url = StoredFile.objects.get(public_id=cv).get_absolute_url()
        assert client.get(file_url).status_code == 200  # its owner downloads it

        client.force_login(UserFactory(email="intruder@example.org"))
        n = dossier.number
        gets = [
            reverse("candidates:dossier", args=[n]),
            reverse("candidates:resume", args=[n]),
            reverse("candidates:step", args=[n, "identite"]),
            reverse("candidates:wishes", args=[n]),
            reverse("candidates:withdraw", args=[n]),
            reverse("candidates:receipt", args=[n, 1]),
            reverse("candidates:receipt_pdf", args=[n, 1]),
            file_url,
        ]
        posts = [
            reverse("candidates:step", args=[n, "identite"]),
            reverse("candidates:wishes", args=[n]),
            reverse("candidates:submit", args=[n]),
            reverse("candidates:withdraw", args=[n]),
        ]
        assert [client.get(url).status_code for url in gets] == [404] * len(gets)
        assert [client.post(url, {"prenom": "X", "confirm": "1"}).status_code for url in posts] == [404] * len(posts)
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.SUBMITTED
        assert Answer.objects.get(dossier=dossier, question__key="prenom").value == "Ada"

        client.logout()
        assert all(client.get(url).status_code in (302, 404) for url in gets)
        assert client.get(file_url).status_code == 404


class TestUploadsThroughTheForm:
    """Each bad file is refused with a French message; the rest of the step and the draft stay."""

    def post_cv(self, client, dossier, upload):
        return client.post(step_url(dossier, "pieces"), {"cv": upload, "action": "save"}, HTTP_ACCEPT_LANGUAGE="fr")

    @pytest.fixture
    def dossier_with_a_cv(self, client, candidate, private_media):
        call = application_call()
        dossier = start(client, call)
        client.post(step_url(dossier, "identite"), {"prenom": "Ada", "action": "save"})
        self.post_cv(client, dossier, SimpleUploadedFile("cv.pdf", PDF_BYTES))
        return dossier, Answer.objects.get(dossier=dossier, question__key="cv").value

    def assert_intact(self, dossier, cv):
        assert Answer.objects.get(dossier=dossier, question__key="cv").value == cv
        assert Answer.objects.get(dossier=dossier, question__key="prenom").value == "Ada"

    def test_a_file_renamed_pdf_is_refused(self, client, dossier_with_a_cv):
        dossier, cv = dossier_with_a_cv
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
        page = self.post_cv(client, dossier, SimpleUploadedFile("photo.pdf", png)).content.decode()
        assert "n&#x27;est pas un PDF valide" in page
        self.assert_intact(dossier, cv)

    def test_an_oversized_file_is_refused(self, client, dossier_with_a_cv, settings):
        dossier, cv = dossier_with_a_cv
        big = PDF_BYTES + b"0" * (10 * 1024 * 1024)
        page = self.post_cv(client, dossier, SimpleUploadedFile("gros.pdf", big)).content.decode()
        assert "la taille maximale est de 10 Mo" in page
        self.assert_intact(dossier, cv)

    def test_an_empty_file_is_refused(self, client, dossier_with_a_cv):
        dossier, cv = dossier_with_a_cv
        page = self.post_cv(client, dossier, SimpleUploadedFile("vide.pdf", b"")).content.decode()
        assert "est vide" in page
        self.assert_intact(dossier, cv)

    def test_a_path_traversal_name_never_leaves_the_private_storage(self, client, dossier_with_a_cv, settings):
        dossier, cv = dossier_with_a_cv
        # Without an accepted extension once its path is dropped: refused.
        page = self.post_cv(client, dossier, SimpleUploadedFile("../../../etc/passwd", PDF_BYTES)).content.decode()
        assert "Le format du fichier « passwd » n&#x27;est pas accepté" in page
        self.assert_intact(dossier, cv)
        # With one: the path part is dropped, the file is stored under a random name inside the storage.
        self.post_cv(client, dossier, SimpleUploadedFile("../../../../tmp/evil.pdf", PDF_BYTES))
        from eig.files.models import StoredFile

        stored = StoredFile.objects.get(public_id=Answer.objects.get(dossier=dossier, question__key="cv").value)
        assert stored.original_name == "evil.pdf" and ".." not in stored.path
        root = settings.PRIVATE_MEDIA_ROOT.resolve()
        assert all(p.resolve().is_relative_to(root) for p in root.rglob("*"))
        assert not (settings.PRIVATE_MEDIA_ROOT.parent.parent / "tmp" / "evil.pdf").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_tabs_submitting_at_once_give_one_submission_and_one_receipt_email(settings, tmp_path):
    """Two tabs, a double click, ten tabs: through the pages, one version and one email."""
    import threading

    from django.core import mail
    from django.db import connection
    from django.test import Client

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox.clear()
    call = application_call()
    owner = UserFactory(email="ada@example.org")
    first = Client()
    first.force_login(owner)
    dossier = start(first, call)
    fill_everything(first, dossier, call)
    tabs = []
    for _ in range(10):
        tab = Client()
        tab.force_login(owner)
        tabs.append(tab)
    barrier = threading.Barrier(10)
    locations, errors = [], []

    def submit(tab):
        try:
            barrier.wait()
            locations.append(tab.post(reverse("candidates:submit", args=[dossier.number]))["Location"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert locations == [reverse("candidates:receipt", args=[dossier.number, 1])] * 10
    assert DossierVersion.objects.filter(dossier=dossier).count() == 1
    assert OutboxMessage.objects.filter(template="dossier_receipt").count() == 1
    assert len([m for m in mail.outbox if dossier.number in m.body]) == 1


def test_starting_an_application_makes_the_person_a_candidate(client, candidate):
    call = application_call()
    start(client, call)
    candidate.refresh_from_db()
    assert candidate.roles == ["candidate"]
    assert "Candidat ou candidate" in client.get(reverse("candidates:space")).content.decode()


def test_the_space_keeps_a_flat_query_count_from_1_to_5_dossiers(client, candidate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eig.calls.services import save_step, start_dossier

    def add_dossier(i):
        call = application_call(slug=f"appel-{i}", dossier_prefix=f"A{i}", positions=0)
        dossier = start_dossier(call, owner=candidate)
        save_step(dossier, call.steps.get(slug="identite"), {"prenom": "Ada"}, by=candidate)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("candidates:space")).status_code == 200
        return len(queries)

    add_dossier(0)
    one = count()
    for i in range(1, 5):
        add_dossier(i)
    assert count() == one


def test_in_the_2021_mode_a_preselected_candidate_states_wishes_until_the_window_closes(client, candidate):
    from eig.applications.services import open_wish_window

    call = application_call(wishes_mode="after_preselection")
    dossier = start(client, call)
    url = reverse("candidates:wishes", args=[dossier.number])
    position = call.promotion.challenges.get().positions.first()
    closes_at = timezone.now() + datetime.timedelta(days=3)
    open_wish_window(dossier, closes_at=closes_at, by=UserFactory(is_staff=True))

    assert client.get(url).status_code == 200
    client.post(url, {"voeu_1": position.pk, "action": "save"})
    assert list(Wish.objects.values_list("rank", "position")) == [(1, position.pk)]

    # The window closes: the wishes stay readable, a change is refused.
    type(dossier.wish_window).objects.filter(dossier=dossier).update(closes_at=timezone.now())
    refused = client.post(url, {"voeu_1": "", "action": "save"})
    assert refused.status_code == 409 and "Le recueil des vœux est clos" in refused.content.decode()
    assert Wish.objects.count() == 1


def test_an_agents_proposal_is_not_a_candidacy_in_mon_espace(client, candidate):
    """The agent who started a proposal follows it from /administration/, not among candidacies."""
    from eig.calls.models import Call
    from eig.calls.services import start_dossier

    proposals = application_call(slug="appel-defis", dossier_prefix="DEFI", positions=0)
    Call.objects.filter(pk=proposals.pk).update(kind=Call.Kind.CHALLENGES)
    dossier = start_dossier(Call.objects.get(pk=proposals.pk), owner=candidate, shared=True)
    assert dossier.number not in client.get(reverse("candidates:space")).content.decode()
    assert client.get(reverse("candidates:dossier", args=[dossier.number])).status_code == 404
