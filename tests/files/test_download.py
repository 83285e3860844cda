"""The download view: 404 to whoever may not see the file or while the scan has
not cleared it; an attachment with safe headers otherwise."""

import pytest
from django.test import Client

from eig.files.models import StoredFile
from eig.files.permissions import register_download_checker, unregister_download_checker
from tests.factories import StaffFactory, UserFactory
from tests.factories.files import PDF_BYTES, StoredFileFactory

pytestmark = pytest.mark.django_db


def _get(user, stored, method="get"):
    client = Client()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(stored.get_absolute_url())


def test_the_url_carries_the_uuid_never_the_integer_key():
    stored = StoredFileFactory()
    assert stored.get_absolute_url() == f"/fichiers/{stored.public_id}/"


def test_the_owner_gets_the_file():
    stored = StoredFileFactory()
    response = _get(stored.owner, stored)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_another_user_gets_404():
    assert _get(UserFactory(), StoredFileFactory()).status_code == 404


def test_anonymous_gets_404_not_a_login_redirect():
    assert _get(None, StoredFileFactory()).status_code == 404


def test_staff_get_the_file():
    assert _get(StaffFactory(), StoredFileFactory()).status_code == 200


def test_an_inactive_owner_gets_404():
    stored = StoredFileFactory()
    stored.owner.is_active = False
    stored.owner.save()
    client = Client()
    client.force_login(stored.owner)
    assert client.get(stored.get_absolute_url()).status_code == 404


def test_a_pending_file_is_not_served_even_to_its_owner_or_staff():
    stored = StoredFileFactory(scan_status=StoredFile.ScanStatus.PENDING)
    assert _get(stored.owner, stored).status_code == 404
    assert _get(StaffFactory(), stored).status_code == 404
    assert stored.unavailable_message() == (
        "Ce fichier est en cours d'analyse antivirus : il pourra être téléchargé dans quelques instants."
    )


def test_an_infected_file_is_not_served():
    stored = StoredFileFactory(scan_status=StoredFile.ScanStatus.INFECTED)
    assert _get(stored.owner, stored).status_code == 404


def test_an_unknown_uuid_answers_404():
    assert Client().get("/fichiers/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_the_response_is_a_private_attachment_under_the_sanitised_name():
    stored = StoredFileFactory(name="../../CV Élodie.pdf")
    response = _get(stored.owner, stored)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''CV_%C3%89lodie.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(PDF_BYTES))


def test_an_ascii_name_is_given_plainly():
    stored = StoredFileFactory(name="cv.pdf")
    assert _get(stored.owner, stored)["Content-Disposition"] == 'attachment; filename="cv.pdf"'


def test_head_is_allowed_and_writes_are_refused():
    stored = StoredFileFactory()
    assert _get(stored.owner, stored, "head").status_code == 200
    for method in ["post", "put", "patch", "delete"]:
        assert _get(stored.owner, stored, method).status_code == 405, method


def test_a_registered_checker_extends_who_may_download():
    reviewer = UserFactory()
    stored = StoredFileFactory()

    def is_the_reviewer(user, stored_file):
        return user == reviewer

    register_download_checker(is_the_reviewer)
    try:
        assert _get(reviewer, stored).status_code == 200
        assert _get(UserFactory(), stored).status_code == 404
    finally:
        unregister_download_checker(is_the_reviewer)
    assert _get(reviewer, stored).status_code == 404
