"""The juries in public (issue 18, point 9): a page per promotion names the members of its challenge
jury and of its candidate juries who consented from their juror space (name, function, organisation,
photo if they gave one), nobody else; revoking takes them off at once, cached page included; the
photo is checked like every upload and stripped of what the camera recorded; the consent and the photo
are in the person's data export and go with their account."""

import html
import io
import json
import re
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from eig.accounts.personal_data import delete_account, export_personal_data
from eig.calls.models import Call
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.juries.models import Juror
from eig.juries.publicity import PHOTO_MAX_SIDE, give_consent, revoke_consent
from tests.factories import StaffFactory
from tests.factories.juries import add_juror, jury_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def jury_url(promotion) -> str:
    return reverse("public:promotion_jury", kwargs={"slug": promotion.slug})


def publicity_url(juror) -> str:
    return reverse("juries:publicity", kwargs={"juror": juror.pk})


def revoke_url(juror) -> str:
    return reverse("juries:publicity_revoke", kwargs={"juror": juror.pk})


def photo(name="portrait.jpg", *, size=(1600, 1200), fmt="JPEG", gps=True) -> SimpleUploadedFile:
    """A photo as a camera writes it: with the place it was taken in its EXIF data."""
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}  # GPSInfo: Paris
        exif[0x010F] = "Appareil Photo"  # Make
    image.save(out, format=fmt, exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def consent(juror, **kwargs) -> Juror:
    return give_consent(juror, by=juror.user, **kwargs)


@pytest.fixture
def world():
    return jury_world(jurors=3, auditions=0)


# --- The public page ------------------------------------------------------------------------------------


def test_only_the_members_who_consented_are_named(client, world):
    shown, revoked, silent = world.jurors
    consent(shown, role="Directrice du numérique", organisation="Ministère de la Culture")
    revoke_consent(consent(revoked, role="Chef de service"), by=revoked.user)
    page = client.get(jury_url(world.call.promotion)).content.decode()
    assert shown.name in page and "Directrice du numérique" in page and "Ministère de la Culture" in page
    assert revoked.name not in page and "Chef de service" not in page
    assert silent.name not in page
    assert shown.email not in page and silent.email not in page
    assert shown.organisation not in page  # the organisation shown is the one the juror gave


def test_the_challenge_jury_comes_first_then_the_candidate_juries(client, world):
    candidates = jury_world("candidates", jurors=1, auditions=0)
    Call.objects.filter(pk=candidates.call.pk).update(promotion=world.call.promotion)
    consent(candidates.jurors[0], role="Mentor opérationnelle")
    consent(world.jurors[0])
    page = html.unescape(client.get(jury_url(world.call.promotion)).content.decode())
    assert page.index("Jury de sélection des défis") < page.index(world.jurors[0].name)
    assert page.index(world.jurors[0].name) < page.index("Jury d'audition des candidats")
    assert page.index("Jury d'audition des candidats") < page.index(candidates.jurors[0].name)


def test_a_promotion_without_consenting_members_says_the_list_is_not_published(client, world):
    page = client.get(jury_url(world.call.promotion)).content.decode()
    assert "La liste des membres du jury de cette promotion n'est pas encore publiée." in page
    assert all(juror.name not in page for juror in world.jurors)


def test_the_page_of_an_unpublished_promotion_answers_404_to_everyone(world):
    consent(world.jurors[0])
    promotion = world.call.promotion
    promotion.is_published = False
    promotion.save(update_fields=["is_published"])
    for user in (None, StaffFactory(), world.jurors[0].user):
        client = client_of(user) if user else Client()
        assert client.get(jury_url(promotion)).status_code == 404
    assert Client().get(reverse("public:promotion_jury", kwargs={"slug": "inconnue"})).status_code == 404


def test_the_page_refuses_writes_even_with_a_valid_csrf_token(world):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(Client(), method)(jury_url(world.call.promotion)).status_code == 405


def test_a_revoked_consent_leaves_the_cached_page_at_once(world):
    juror = consent(world.jurors[0], role="Directrice")
    cache.clear()
    anonymous = Client()
    assert juror.name in anonymous.get(jury_url(world.call.promotion)).content.decode()
    assert anonymous.get(jury_url(world.call.promotion))["X-Page-Cache"] == "hit"
    revoke_consent(juror, by=juror.user)
    assert juror.name not in anonymous.get(jury_url(world.call.promotion)).content.decode()


def test_the_promotion_page_links_to_the_jury_page_once_someone_consented(client, world):
    promotion_page = world.call.promotion.get_absolute_url()
    assert jury_url(world.call.promotion) not in client.get(promotion_page).content.decode()
    consent(world.jurors[0])
    assert jury_url(world.call.promotion) in client.get(promotion_page).content.decode()


# A literal number, the same with 1 member and with 11 in two juries: the page cache's three reads on an
# empty cache (the version, the instants of phases and calls), the promotion, the juries, their
# consenting members, the DSFR site settings of the layout.
PAGE_QUERIES = 7


def test_the_jury_page_keeps_a_flat_query_count(world, django_assert_num_queries):
    url = jury_url(world.call.promotion)

    def read():
        cache.clear()
        with django_assert_num_queries(PAGE_QUERIES):
            assert Client().get(url).status_code == 200

    consent(world.jurors[0], photo=photo(size=(40, 40)))
    read()
    candidates = jury_world("candidates", jurors=9, auditions=0)
    Call.objects.filter(pk=candidates.call.pk).update(promotion=world.call.promotion)
    for juror in [*world.jurors[1:], *candidates.jurors]:
        consent(juror, role="Membre", organisation="Organisation", photo=photo(size=(40, 40)))
    read()


# --- The photo ------------------------------------------------------------------------------------------


def test_the_photo_is_shown_reduced_and_without_what_the_camera_recorded(client, world):
    juror = consent(world.jurors[0], photo=photo())
    assert juror.public_photo.name.startswith("jurors/") and juror.name.split()[0] not in juror.public_photo.name
    with default_storage.open(juror.public_photo.name, "rb") as stored, Image.open(stored) as image:
        assert max(image.size) == PHOTO_MAX_SIDE
        assert dict(image.getexif()) == {}
    page = client.get(jury_url(world.call.promotion)).content.decode()
    assert f'src="{juror.public_photo.url}" alt=""' in page


def test_a_file_that_is_no_image_is_refused(world):
    fake = SimpleUploadedFile("portrait.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError):
        consent(world.jurors[0], photo=fake)
    assert not Juror.objects.get(pk=world.jurors[0].pk).is_public


def test_a_truncated_image_is_refused(world):
    broken = photo()
    broken = SimpleUploadedFile("portrait.jpg", broken.read()[:200], content_type="image/jpeg")
    with pytest.raises(DomainError, match="ne peut pas être lue"):
        consent(world.jurors[0], photo=broken)


def test_revoking_deletes_the_photo(django_capture_on_commit_callbacks, world):
    juror = consent(world.jurors[0], photo=photo())
    name = juror.public_photo.name
    with django_capture_on_commit_callbacks(execute=True):
        juror = revoke_consent(juror, by=juror.user)
    assert not juror.public_photo and not default_storage.exists(name)
    assert juror.public_consent_at is not None and juror.public_revoked_at is not None


def test_a_new_photo_replaces_the_old_one(django_capture_on_commit_callbacks, world):
    juror = consent(world.jurors[0], photo=photo())
    old = juror.public_photo.name
    with django_capture_on_commit_callbacks(execute=True):
        juror = consent(juror, photo=photo("autre.png", fmt="PNG", gps=False))
    assert juror.public_photo.name.endswith(".png") and not default_storage.exists(old)


def test_only_the_juror_decides(world):
    juror = world.jurors[0]
    for someone in (StaffFactory(), world.jurors[1].user):
        with pytest.raises(DomainError):
            give_consent(juror, by=someone)
        with pytest.raises(DomainError):
            revoke_consent(juror, by=someone)


# --- The juror space --------------------------------------------------------------------------------------


def test_the_juror_reads_what_will_be_public_before_consenting(world):
    juror = world.jurors[0]
    response = client_of(juror.user).get(publicity_url(juror))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce qui sera public" in page and f"« {juror.name} »" in page
    assert "Ne sont jamais publiés" in page and "à tout moment" in page
    assert f'value="{juror.organisation}"' in page  # the organisation the programme knows, to confirm
    assert "Retirer mon accord" not in page


def test_the_juror_consents_from_their_space_with_a_photo(world):
    juror = world.jurors[0]
    response = client_of(juror.user).post(
        publicity_url(juror),
        {"consent": "on", "role": "Directrice", "organisation": "DINUM", "photo": photo()},
    )
    assert response.status_code == 302 and response["Location"] == publicity_url(juror)
    juror.refresh_from_db()
    assert juror.is_public and juror.public_role == "Directrice" and juror.public_organisation == "DINUM"
    assert juror.public_photo
    assert ActivityLog.objects.filter(verb="juror.public_consent_given", target_id=str(juror.pk)).exists()
    assert "Directrice" in Client().get(jury_url(world.call.promotion)).content.decode()


def test_without_the_box_ticked_nothing_is_public(world):
    juror = world.jurors[0]
    response = client_of(juror.user).post(publicity_url(juror), {"role": "Directrice"})
    assert response.status_code == 400
    assert "Cochez la case pour donner votre accord." in response.content.decode()
    assert not Juror.objects.get(pk=juror.pk).is_public


def test_a_refused_photo_is_said_on_the_form(world):
    juror = world.jurors[0]
    fake = SimpleUploadedFile("portrait.jpg", b"rien d'une image", content_type="image/jpeg")
    response = client_of(juror.user).post(publicity_url(juror), {"consent": "on", "photo": fake})
    assert response.status_code == 400
    assert "aria-invalid" in response.content.decode()
    assert not Juror.objects.get(pk=juror.pk).is_public


def test_the_juror_revokes_from_their_space(world):
    juror = consent(world.jurors[0])
    client = client_of(juror.user)
    assert "Retirer mon accord" in client.get(publicity_url(juror)).content.decode()
    assert client.get(revoke_url(juror)).status_code == 405
    response = client.post(revoke_url(juror))
    assert response.status_code == 302
    assert not Juror.objects.get(pk=juror.pk).is_public
    assert ActivityLog.objects.filter(verb="juror.public_consent_revoked", target_id=str(juror.pk)).exists()


def test_another_jurors_seat_and_an_unsigned_seat_do_not_exist(world):
    juror, other = world.jurors[0], world.jurors[1]
    unsigned = add_juror(world.jury, signed=False)
    client = client_of(juror.user)
    for seat in (other, unsigned):
        assert client.get(publicity_url(seat)).status_code == 404
        assert client.post(publicity_url(seat), {"consent": "on"}).status_code == 404
        assert client.post(revoke_url(seat)).status_code == 404
    assert not Juror.objects.get(pk=other.pk).is_public


def test_the_schedule_leads_to_the_consent_page(world):
    juror = world.jurors[0]
    page = client_of(juror.user).get(reverse("juries:schedule")).content.decode()
    assert publicity_url(juror) in page and "Choisir de figurer sur la page publique" in page


# --- Personal data ------------------------------------------------------------------------------------------


def test_the_export_holds_the_consent_and_the_photo(world):
    juror = consent(world.jurors[0], role="Directrice", organisation="DINUM", photo=photo())
    with zipfile.ZipFile(io.BytesIO(export_personal_data(juror.user))) as archive:
        seat = json.loads(archive.read("donnees.json"))["juries"][0]
        public = seat["public_page"]
        assert public["shown"] is True and public["role"] == "Directrice" and public["organisation"] == "DINUM"
        assert public["consent_given_at"] and public["consent_revoked_at"] is None
        assert re.fullmatch(r"fichiers/jury-\d+-.+\.jpg", public["photo"])
        assert archive.read(public["photo"])[:2] == b"\xff\xd8"


def test_a_deleted_account_leaves_the_page_with_its_photo(django_capture_on_commit_callbacks, world):
    juror = consent(world.jurors[0], role="Directrice", photo=photo())
    name = juror.public_photo.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(juror.user, by=juror.user)
    seat = Juror.objects.get(pk=juror.pk)
    assert not seat.is_public and not seat.public_photo and seat.public_role == ""
    assert not default_storage.exists(name)
    assert juror.name not in Client().get(jury_url(world.call.promotion)).content.decode()


def test_a_removed_seat_takes_its_photo_with_it(django_capture_on_commit_callbacks, world):
    juror = consent(world.jurors[0], photo=photo())
    name = juror.public_photo.name
    with django_capture_on_commit_callbacks(execute=True):
        juror.delete()
    assert not default_storage.exists(name)


def test_the_sitemap_lists_the_jury_page_once_someone_is_named(client, world):
    url = jury_url(world.call.promotion)
    assert url not in client.get(reverse("sitemap")).content.decode()
    consent(world.jurors[0])
    assert f"{url}</loc>" in client.get(reverse("sitemap")).content.decode()
