"""Staff edit all the public content in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from eig.challenges.models import Challenge
from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    FAQEntryFactory,
    MembershipFactory,
    NewsPostFactory,
    PageFactory,
    PhaseFactory,
    StaffFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_every_registered_model_has_working_add_and_change_forms(staff_client):
    MembershipFactory()
    NewsPostFactory(tags=[TagFactory()])
    FAQEntryFactory()
    PageFactory()
    PhaseFactory()
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_add_permission(type("R", (), {"user": StaffFactory.build(is_superuser=True)})()):
            assert staff_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info
        obj = model._default_manager.first()
        if obj is not None:
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            assert staff_client.get(url).status_code == 200, info


def test_staff_edit_a_challenge_in_french_and_english_and_the_public_page_follows(staff_client, client):
    challenge = ChallengeFactory(title="Prévisecours")
    public_url = challenge.get_absolute_url()
    assert "Prévisecours" in client.get(public_url).content.decode()
    form = {
        "title_fr": "Prévisecours 2",
        "title_en": "Previsecours 2",
        "slug": challenge.slug,
        "summary_fr": "Aider les sapeurs-pompiers",
        "summary_en": "Helping firefighters",
        "body_fr": "Texte",
        "body_en": "Text",
        "promotion": challenge.promotion.pk,
        "administration": AdministrationFactory().pk,
        "town": "Paris",
        "duration_months": 10,
        "profiles": [p.pk for p in challenge.profiles.all()],
        "status": Challenge.Status.FINISHED,
        "videos": "[]",
        "image_alt": "",
        "source_code_url": "",
        "website_url": "",
        "legacy_path": "",
    }
    for prefix in ["positions", "key_figures", "achievements"]:
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = staff_client.post(reverse("admin:challenges_challenge_change", args=[challenge.pk]), form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    challenge.refresh_from_db()
    assert (challenge.title_fr, challenge.title_en) == ("Prévisecours 2", "Previsecours 2")
    assert "Prévisecours 2" in client.get(public_url).content.decode()
    assert "Previsecours 2" in client.get("/en" + public_url).content.decode()
