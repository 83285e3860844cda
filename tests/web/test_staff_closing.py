"""The programme team's pages of a promotion's end: « Clôture et résultats » (the checklist, the
confirmed closing, the promotion's photo) and the demo day's programme (a formset of slots)."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eig.core.models import ActivityLog
from eig.programme.models import AgendaItem, Event, Fellow
from eig.results import closing, demo_day
from eig.results.demo_day import Slot
from eig.results.models import Closing
from tests.factories.closing import at, demo_day_event, results_world
from tests.factories.files import PDF_BYTES, PNG_BYTES
from tests.programme.event_helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return results_world()


@pytest.fixture
def staff(world):
    client = Client()
    client.force_login(world.staff)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def _url(name, world, **kwargs):
    return reverse(f"staff:{name}", kwargs={"promotion": world.promotion.slug, **kwargs})


# --- Closing -------------------------------------------------------------------------------------


def test_the_closing_page_lists_what_is_left(world, staff):
    page = text(staff.get(_url("results_close", world)))

    assert "1 entrepreneur·e n'a jamais pris son poste" in page
    assert "2 entrepreneur·es en poste : la clôture termine leur programme." in page
    assert "2 équipes n'ont pas de devenir enregistré" in page
    assert "Le programme n'est pas terminé" in page
    assert "Je confirme la clôture de la promotion" in page


def test_the_overview_and_the_staff_pages_link_to_the_closing(world, staff):
    assert _url("results_close", world) in text(staff.get(_url("programme_overview", world)))


def test_closing_needs_the_confirmation(world, staff):
    response = staff.post(_url("results_close", world), {})

    assert response.status_code == 400
    assert "Cochez la case pour confirmer la clôture de la promotion." in text(response)
    assert not Closing.objects.exists()


def test_a_confirmed_closing_closes_the_promotion_once(world, staff):
    response = staff.post(_url("results_close", world), {"confirm": "on"})

    assert response.status_code == 302 and response["Location"] == _url("results_close", world)
    assert Closing.objects.get().closed_by == world.staff
    assert Fellow.objects.filter(status=Fellow.Status.FINISHED).count() == 2
    page = text(staff.get(_url("results_close", world)))
    assert "est close : sa page des résultats est publique" in page and "Promotion close le" in page
    assert reverse("public:promotion_results", kwargs={"slug": world.promotion.slug}) in page

    again = staff.post(_url("results_close", world), {"confirm": "on"})

    assert again.status_code == 400 and "Cette promotion est déjà close depuis le" in text(again)
    assert Closing.objects.count() == 1


# --- The photo -----------------------------------------------------------------------------------

ALT = {"alt_fr": "La promotion sur les marches", "alt_en": "The promotion on the steps"}


def test_the_photo_is_saved_with_its_alternative_text_in_both_languages(world, staff):
    photo = SimpleUploadedFile("Photo de groupe.PNG", PNG_BYTES)

    response = staff.post(_url("results_photo", world), {"photo": photo, **ALT})

    assert response.status_code == 302 and response["Location"].endswith("#photo")
    world.promotion.refresh_from_db()
    assert world.promotion.photo.name.startswith("promotions/eig-programme")
    assert world.promotion.photo.read() == PNG_BYTES
    assert (world.promotion.photo_alt_fr, world.promotion.photo_alt_en) == (ALT["alt_fr"], ALT["alt_en"])
    assert ActivityLog.objects.filter(verb="promotion.photo", actor=world.staff).exists()


def test_a_fake_image_is_refused_in_french(world, staff):
    fake = SimpleUploadedFile("photo.png", PDF_BYTES)

    response = staff.post(_url("results_photo", world), {"photo": fake, **ALT})

    assert response.status_code == 400
    assert "Ce fichier n'est pas un PNG valide" in text(response)
    world.promotion.refresh_from_db()
    assert not world.promotion.photo


def test_a_photo_over_5_mo_is_refused_in_french(world, staff):
    big = SimpleUploadedFile("photo.png", PNG_BYTES + b"\0" * (5 * 1024 * 1024))

    response = staff.post(_url("results_photo", world), {"photo": big, **ALT})

    assert response.status_code == 400
    assert "la taille maximale est de 5 Mo" in text(response)
    world.promotion.refresh_from_db()
    assert not world.promotion.photo


def test_a_photo_needs_its_alternative_text_in_english_too(world, staff):
    photo = SimpleUploadedFile("photo.png", PNG_BYTES)

    response = staff.post(_url("results_photo", world), {"photo": photo, "alt_fr": ALT["alt_fr"]})

    assert response.status_code == 400
    assert "Décrivez la photo en anglais (texte alternatif)." in text(response)


# --- The demo day's programme --------------------------------------------------------------------


def _row(n, **values):
    return {f"creneaux-{n}-{name}": value for name, value in values.items()}


def _management(total, initial):
    return {
        "creneaux-TOTAL_FORMS": str(total),
        "creneaux-INITIAL_FORMS": str(initial),
        "creneaux-MIN_NUM_FORMS": "0",
        "creneaux-MAX_NUM_FORMS": "60",
    }


def test_the_staff_event_page_links_a_demo_day_to_its_programme(world, staff):
    event = demo_day_event(world)
    url = _url("programme_event_agenda", world, event=event.pk)

    assert url in text(staff.get(_url("programme_event", world, event=event.pk)))
    assert staff.get(url).status_code == 200


def test_another_kind_of_event_has_no_programme_page(world, staff):
    session = make_event(world, kind=Event.Kind.SEMINAR)

    assert staff.get(_url("programme_event_agenda", world, event=session.pk)).status_code == 404


def test_staff_write_the_programme_in_french_and_english(world, staff):
    event = demo_day_event(world)
    url = _url("programme_event_agenda", world, event=event.pk)
    data = {
        **_management(3, 0),
        **_row(0, time="10:30", title_fr="Pitch d'Alpha", title_en="Alpha's pitch", challenge=world.alpha.pk),
        **_row(1, time="09:00", title_fr="Accueil", title_en="", speakers="Sam"),
        **_row(2, time="", title_fr="", title_en=""),  # a blank row: ignored
    }

    response = staff.post(url, data)

    assert response.status_code == 302
    assert [(i.title_fr, i.title_en, i.speakers, i.challenge) for i in demo_day.agenda_of(event)] == [
        ("Accueil", "", "Sam", None),
        ("Pitch d'Alpha", "Alpha's pitch", "", world.alpha),
    ]
    page = text(staff.get(url))
    assert "Programme de « Demo day de la promotion » enregistré (2 créneaux)." in page
    assert 'value="Alpha\'s pitch"' in page  # the saved rows come back to edit


def test_staff_remove_a_slot_with_its_checkbox(world, staff):
    event = demo_day_event(world)
    demo_day.save_agenda(event, [Slot(at(event, 9), "Accueil"), Slot(at(event, 10), "Pitch")], by=world.staff)
    day = at(event, 9).date().isoformat()
    data = {
        **_management(2, 2),
        **_row(0, day=day, time="09:00", title_fr="Accueil", DELETE="on"),
        **_row(1, day=day, time="10:00", title_fr="Pitch"),
    }

    assert staff.post(_url("programme_event_agenda", world, event=event.pk), data).status_code == 302

    assert list(AgendaItem.objects.filter(event=event).values_list("title_fr", flat=True)) == ["Pitch"]


def test_a_slot_outside_the_event_comes_back_with_a_french_message(world, staff):
    event = demo_day_event(world)
    data = {**_management(1, 0), **_row(0, time="20:00", title_fr="Cocktail")}

    response = staff.post(_url("programme_event_agenda", world, event=event.pk), data)

    assert response.status_code == 400
    assert "Le créneau « Cocktail »" in text(response) and "est en dehors de l'événement" in text(response)
    assert not AgendaItem.objects.exists()


def test_a_slot_without_a_french_title_is_refused(world, staff):
    event = demo_day_event(world)
    data = {**_management(1, 0), **_row(0, time="10:00", title_en="Pitch")}

    response = staff.post(_url("programme_event_agenda", world, event=event.pk), data)

    assert response.status_code == 400 and "Ce champ est obligatoire." in text(response)
    assert not AgendaItem.objects.exists()


def test_the_closing_page_links_to_the_demo_day_s_programme(world, staff):
    event = demo_day_event(world)

    page = text(staff.get(_url("results_close", world)))

    assert _url("programme_event_agenda", world, event=event.pk) in page
    assert closing.closing_checklist(world.promotion).may_close
