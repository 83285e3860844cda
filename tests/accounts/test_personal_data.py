"""A candidate's personal data: the export holds everything, deleting an account
before any submission erases it, after a submission closes it, and the purge
anonymises dossiers once their call's retention period has ended."""

import datetime
import hashlib
import io
import json
import zipfile
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.personal_data import delete_account, export_personal_data, purge_expired
from eig.applications.models import Wish
from eig.calls.defaults import install_application_form
from eig.calls.models import Answer, Call, Dossier, DossierVersion, Question
from eig.calls.services import attach_file, save_step, start_dossier, submit_dossier
from eig.core.models import ActivityLog
from eig.files.models import StoredFile
from eig.files.storage import private_storage
from eig.notifications.models import OutboxMessage
from tests.factories import PositionFactory, PromotionFactory, UserFactory
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# Promotion 2 (2017 terms: dossiers kept two years) and a later call still within its retention.
CALL_2017 = (datetime.datetime(2017, 9, 27, 9, 0, tzinfo=PARIS), datetime.datetime(2017, 10, 27, 17, 0, tzinfo=PARIS))
CALL_2020 = (datetime.datetime(2020, 1, 10, 9, 0, tzinfo=PARIS), datetime.datetime(2020, 2, 10, 17, 0, tzinfo=PARIS))
DURING_2017 = datetime.datetime(2017, 10, 10, 12, 0, tzinfo=PARIS)
DURING_2020 = datetime.datetime(2020, 1, 20, 12, 0, tzinfo=PARIS)
# 730 days after 27 October 2017 is 27 October 2019: by June 2020 only the 2017 call is past retention.
PURGE_DAY = datetime.datetime(2020, 6, 1, 3, 0, tzinfo=PARIS)

ANSWERS = {
    "identite": {
        "civilite": "non_precise",
        "prenom": "Ada",
        "nom": "Lovelace",
        "telephone": "0102030405",
        "ville": "Lyon",
    },
    "parcours": {
        "profession": "developer",
        "experience_annees": "7",
        "parcours": "Développeuse depuis sept ans.",
        "projet": "J'ai lancé un service public numérique.",
    },
    "motivation": {"motivation": "Servir l'intérêt général.", "contribution": "Construire avec les usagers."},
    "disponibilite": {"disponible": "oui", "mobilite": "oui"},
    "declarations": {
        "personne_physique": True,
        "pas_agent_public": True,
        "pas_jury": True,
        "pas_etudiant": True,
        "donnees_personnelles": True,
    },
}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    return settings.PRIVATE_MEDIA_ROOT


def make_call(dates, slug, number):
    call = Call.objects.create(
        promotion=PromotionFactory(number=number),
        kind=Call.Kind.APPLICATIONS,
        title=f"Appel EIG {number}",
        slug=slug,
        opens_at=dates[0],
        closes_at=dates[1],
        dossier_prefix=f"EIG{number}",
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,
        privacy_notice="Vos données sont traitées par la **DINUM**.",
    )
    install_application_form(call)
    return call


def cv_question(call):
    return Question.objects.get(step__call=call, key="cv")


def draft(call, owner, now, *, filename="cv.pdf"):
    """A dossier with every answer and a CV, not submitted."""
    dossier = start_dossier(call, owner=owner, now=now)
    for step in call.steps.all():
        if step.slug in ANSWERS:
            assert save_step(dossier, step, ANSWERS[step.slug], by=owner, now=now) == {}
    stored = attach_file(dossier, cv_question(call), SimpleUploadedFile(filename, PDF_BYTES), by=owner, now=now)
    return dossier, stored


def submitted(call, owner, now, **kwargs):
    dossier, stored = draft(call, owner, now, **kwargs)
    submit_dossier(dossier, by=owner, now=now)
    return dossier, stored


def on_disk(stored) -> Path:
    return Path(private_storage().path(stored.path))


def read_zip(data: bytes):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, json.loads(archive.read("donnees.json"))


class TestExport:
    def test_the_export_holds_the_account_the_dossier_and_the_file_with_its_digest(self):
        call = make_call(CALL_2017, "appel-eig-2", 2)
        owner = UserFactory(email="ada@example.org", first_name="Ada", last_name="Lovelace", roles=["candidate"])
        EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
        dossier, stored = submitted(call, owner, DURING_2017)

        archive, data = read_zip(export_personal_data(owner))

        assert sorted(archive.namelist()) == ["donnees.json", "fichiers/cv.pdf"]
        content = archive.read("fichiers/cv.pdf")
        assert hashlib.sha256(content).hexdigest() == stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
        assert data["account"]["email"] == "ada@example.org"
        assert data["account"]["roles"] == [{"role": "candidate", "label": "Candidat ou candidate"}]
        assert data["email_addresses"] == [{"email": "ada@example.org", "verified": True, "primary": True}]
        [exported] = data["dossiers"]
        assert exported["number"] == dossier.number
        answers = {a["key"]: a for a in exported["answers"]}
        assert answers["nom"]["question"] == "Nom" and answers["nom"]["value"] == "Lovelace"
        assert answers["civilite"]["display"] == "Je préfère ne pas répondre"
        assert answers["cv"]["file"] == "cv.pdf"
        assert [v["number"] for v in exported["versions"]] == [1]
        assert exported["versions"][0]["digest"] == DossierVersion.objects.get(dossier=dossier).digest
        assert data["files"][0]["in_archive"] == "fichiers/cv.pdf" and data["files"][0]["sha256"] == stored.sha256
        assert [m["template"] for m in data["emails"]] == ["dossier_receipt"]
        assert {"dossier.started", "dossier.submitted", "file.stored"} <= {e["action"] for e in data["activity"]}
        assert ActivityLog.objects.filter(verb="account.data_exported", target_id=str(owner.pk)).count() == 1

    def test_a_missing_or_infected_file_is_noted_and_never_breaks_the_export(self):
        call = make_call(CALL_2017, "appel-eig-2", 2)
        owner = UserFactory()
        dossier, missing = draft(call, owner, DURING_2017, filename="cv.pdf")
        portfolio = Question.objects.get(step__call=call, key="portfolio")
        book = SimpleUploadedFile("book.pdf", PDF_BYTES)
        infected = attach_file(dossier, portfolio, book, by=owner, now=DURING_2017)
        StoredFile.objects.filter(pk=infected.pk).update(scan_status=StoredFile.ScanStatus.INFECTED)
        on_disk(missing).unlink()

        archive, data = read_zip(export_personal_data(owner))

        assert archive.namelist() == ["donnees.json"]
        notes = {f["name"]: (f["in_archive"], f["note"]) for f in data["files"]}
        assert notes == {
            "cv.pdf": (None, "not included: the file is missing from the storage"),
            "book.pdf": (None, "not included: the virus scan did not clear this file"),
        }


class TestDeleteAccount:
    def test_before_any_submission_everything_is_deleted_including_the_file_on_disk(
        self, client, django_capture_on_commit_callbacks
    ):
        call = make_call(CALL_2017, "appel-eig-2", 2)
        owner = UserFactory(email="lea@example.org")
        EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
        dossier, stored = draft(call, owner, DURING_2017)
        Wish.objects.create(dossier=dossier, position=PositionFactory(), rank=1)
        client.force_login(owner)
        assert on_disk(stored).exists()

        with django_capture_on_commit_callbacks(execute=True):
            plan = delete_account(owner, by=owner, now=DURING_2017)

        assert plan.immediate
        assert not User.objects.filter(email="lea@example.org").exists()
        assert not Dossier.objects.exists() and not Answer.objects.exists() and not Wish.objects.exists()
        assert not StoredFile.objects.exists() and not EmailAddress.objects.exists()
        assert not on_disk(stored).exists()
        assert Session.objects.count() == 0
        deleted = ActivityLog.objects.get(verb="account.deleted")
        assert (deleted.actor, deleted.target_type, deleted.target_id) == (None, "", "")
        assert deleted.data == {"drafts_deleted": 1, "files_deleted": 1}
        assert "lea@example.org" not in json.dumps(list(ActivityLog.objects.values("data")), ensure_ascii=False)
        assert "name" not in ActivityLog.objects.get(verb="file.stored").data

    def test_after_a_submission_the_account_is_closed_and_the_dossier_kept(self, client):
        old, new = make_call(CALL_2017, "appel-eig-2", 2), make_call(CALL_2020, "appel-eig-5", 5)
        owner = UserFactory(email="lea@example.org")
        dossier, cv = submitted(old, owner, DURING_2017)
        later_draft, later_cv = draft(new, owner, DURING_2020)
        client.force_login(owner)

        plan = delete_account(owner, by=owner, now=DURING_2020)

        owner.refresh_from_db()
        assert not plan.immediate and [d.number for d in plan.drafts] == [later_draft.number]
        assert timezone.localtime(plan.anonymised_from).date() == datetime.date(2019, 10, 27)
        assert (owner.email, owner.is_active, owner.has_usable_password()) == ("lea@example.org", False, False)
        assert Session.objects.count() == 0
        assert list(Dossier.objects.all()) == [dossier]
        assert DossierVersion.objects.filter(dossier=dossier).count() == 1
        assert Answer.objects.filter(dossier=dossier).count() == 19
        assert list(StoredFile.objects.all()) == [cv]
        assert ActivityLog.objects.filter(verb="account.closed", target_id=str(owner.pk)).count() == 1


class TestPurge:
    def build(self):
        """A closed account with a 2017 dossier, an active one with dossiers in 2017 and 2020."""
        old, new = make_call(CALL_2017, "appel-eig-2", 2), make_call(CALL_2020, "appel-eig-5", 5)
        closed = UserFactory(email="ferme@example.org")
        closed_dossier, closed_cv = submitted(old, closed, DURING_2017)
        delete_account(closed, by=closed, now=DURING_2020)
        active = UserFactory(email="actif@example.org")
        old_dossier, old_cv = submitted(old, active, DURING_2017)
        Wish.objects.create(dossier=old_dossier, position=PositionFactory(), rank=1)
        new_dossier, new_cv = submitted(new, active, DURING_2020)
        abandoned = UserFactory(email="brouillon@example.org")
        old_draft, draft_cv = draft(old, abandoned, DURING_2017)
        return locals()

    def test_the_dry_run_counts_and_changes_nothing(self, django_capture_on_commit_callbacks):
        world = self.build()
        versions = list(DossierVersion.objects.values_list("content", flat=True).order_by("pk"))
        answers = Answer.objects.count()

        with django_capture_on_commit_callbacks(execute=True):
            report = purge_expired(now=PURGE_DAY)

        assert not report.applied
        assert [c.call.slug for c in report.calls] == ["appel-eig-2"]
        assert (report.dossiers_anonymised, report.drafts_deleted, report.accounts_anonymised) == (2, 1, 1)
        assert report.files_deleted == 3
        assert list(DossierVersion.objects.values_list("content", flat=True).order_by("pk")) == versions
        assert Answer.objects.count() == answers and Dossier.objects.count() == 4
        assert all(on_disk(world[f]).exists() for f in ["closed_cv", "old_cv", "new_cv", "draft_cv"])
        assert User.objects.filter(email="ferme@example.org").exists()

    def test_apply_anonymises_only_the_calls_past_retention_and_removes_their_files(
        self, django_capture_on_commit_callbacks
    ):
        world = self.build()
        old_version = DossierVersion.objects.get(dossier=world["old_dossier"])

        with django_capture_on_commit_callbacks(execute=True):
            report = purge_expired(now=PURGE_DAY, apply=True)

        assert report.applied
        assert (report.dossiers_anonymised, report.drafts_deleted, report.accounts_anonymised) == (2, 1, 1)
        # 2017: answers and files gone, the version keeps its number, digest and time; wishes kept.
        assert not Answer.objects.filter(dossier__call=world["old"]).exists()
        assert not Dossier.objects.filter(pk=world["old_draft"].pk).exists()
        for name in ["closed_cv", "old_cv", "draft_cv"]:
            assert not on_disk(world[name]).exists() and not StoredFile.objects.filter(pk=world[name].pk).exists()
        anonymised = DossierVersion.objects.get(pk=old_version.pk)
        assert (anonymised.number, anonymised.digest, anonymised.submitted_at) == (
            old_version.number,
            old_version.digest,
            old_version.submitted_at,
        )
        assert set(anonymised.content) == {"dossier", "anonymised_at"}
        assert "Lovelace" not in json.dumps(
            list(DossierVersion.objects.filter(dossier__call=world["old"]).values("content"))
        )
        assert Wish.objects.filter(dossier=world["old_dossier"]).count() == 1
        # The closed account is anonymised; the active one is not.
        closed = User.objects.get(pk=world["closed"].pk)
        assert (closed.email, closed.first_name, closed.last_name) == (f"anonyme-{closed.pk}@anonyme.invalid", "", "")
        assert not OutboxMessage.objects.filter(recipient="ferme@example.org").exists()
        assert User.objects.get(pk=world["active"].pk).email == "actif@example.org"
        # 2020: untouched.
        assert Answer.objects.filter(dossier=world["new_dossier"]).count() == 19
        assert on_disk(world["new_cv"]).exists()
        # A second run finds nothing left to do.
        assert purge_expired(now=PURGE_DAY, apply=True).calls == []

    def test_the_command_is_a_dry_run_by_default_and_speaks_french(self, django_capture_on_commit_callbacks, settings):
        make_call(
            (datetime.datetime(2015, 1, 5, 9, 0, tzinfo=PARIS), datetime.datetime(2015, 2, 5, 17, 0, tzinfo=PARIS)),
            "appel-2015",
            1,
        )
        call = Call.objects.get(slug="appel-2015")
        owner = UserFactory()
        dossier = Dossier.objects.create(call=call, owner=owner, number="EIG1-000001")
        out = StringIO()

        call_command("purge_personal_data", stdout=out)

        assert out.getvalue().splitlines() == [
            "Simulation : aucune donnée n'est modifiée. Relancez avec --apply pour appliquer.",
            "Appel « Appel EIG 1 » (conservation échue le 4 février 2017) : 0 dossier(s) à anonymiser, "
            "1 brouillon(s) à supprimer, 0 fichier(s) à supprimer.",
            "Comptes clos à anonymiser : 0.",
        ]
        assert Dossier.objects.filter(pk=dossier.pk).exists()

        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("purge_personal_data", "--apply", stdout=out)

        assert out.getvalue().splitlines() == [
            "Appel « Appel EIG 1 » (conservation échue le 4 février 2017) : 0 dossier(s) anonymisé(s), "
            "1 brouillon(s) supprimé(s), 0 fichier(s) supprimé(s).",
            "Comptes clos anonymisés : 0.",
        ]
        assert not Dossier.objects.filter(pk=dossier.pk).exists()
        out = StringIO()
        call_command("purge_personal_data", stdout=out)
        assert "Aucun dossier ni compte n'a dépassé sa durée de conservation." in out.getvalue()


class TestPages:
    def test_the_page_says_how_long_each_dossier_is_kept_with_the_call_notice(self, client):
        call = make_call(CALL_2017, "appel-eig-2", 2)
        owner = UserFactory()
        dossier, _ = draft(call, owner, DURING_2017)
        client.force_login(owner)

        response = client.get(reverse("candidates:personal_data"))

        assert response.status_code == 200
        assert (
            f"Dossier {dossier.number} : conservé 730 jours après la clôture de l'appel, "
            "puis anonymisé à partir du 27 octobre 2019." in response.text
        )
        assert "Vos données sont traitées par la <strong>DINUM</strong>." in response.text
        assert f'action="{reverse("candidates:export_data")}"' in response.text
        assert f'href="{reverse("candidates:delete_account")}"' in response.text

    def test_the_space_links_to_the_data_page(self, client):
        client.force_login(UserFactory())
        assert f'href="{reverse("candidates:personal_data")}"' in client.get(reverse("candidates:space")).text

    def test_the_export_is_a_zip_attachment_and_refuses_get(self, client):
        owner = UserFactory(email="zoe@example.org")
        client.force_login(owner)

        assert client.get(reverse("candidates:export_data")).status_code == 405
        response = client.post(reverse("candidates:export_data"))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-eig-')
        _, data = read_zip(response.content)
        assert data["account"]["email"] == "zoe@example.org"

    def test_deleting_needs_the_box_ticked_then_signs_out_and_goes_home(
        self, client, django_capture_on_commit_callbacks
    ):
        owner = UserFactory(email="zoe@example.org")
        client.force_login(owner)
        url = reverse("candidates:delete_account")

        shown = client.get(url)
        assert "Votre compte sera supprimé immédiatement" in shown.text
        refused = client.post(url)
        assert refused.status_code == 200
        assert "Cochez la case pour confirmer la suppression de votre compte." in refused.text
        assert User.objects.filter(pk=owner.pk).exists()

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"confirm": "on"}, follow=True)

        assert response.redirect_chain == [(reverse("public:home"), 302)]
        assert "Votre compte et toutes les données qui s&#x27;y rattachent ont été supprimés." in response.text
        assert not User.objects.filter(pk=owner.pk).exists()
        assert client.get(reverse("candidates:space")).status_code == 302

    def test_after_a_submission_the_page_gives_the_anonymisation_date_and_closing_signs_out(self, client):
        call = make_call(CALL_2017, "appel-eig-2", 2)
        owner = UserFactory()
        dossier, _ = submitted(call, owner, DURING_2017)
        client.force_login(owner)
        url = reverse("candidates:delete_account")

        shown = client.get(url)
        assert "Votre compte sera fermé, puis anonymisé" in shown.text
        assert f"<td>{dossier.number}</td><td>Appel EIG 2</td><td>27 octobre 2019</td>" in shown.text

        response = client.post(url, {"confirm": "on"}, follow=True)

        assert response.redirect_chain == [(reverse("public:home"), 302)]
        assert "Votre compte est fermé." in response.text
        owner.refresh_from_db()
        assert not owner.is_active and Dossier.objects.filter(pk=dossier.pk).exists()
        assert client.get(reverse("candidates:space")).status_code == 302
