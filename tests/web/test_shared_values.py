"""What a process keeps for every signed-in page (issue 20) is never staler than the database.

Each test keeps the process's memory between its requests, as a server's worker does: the DSFR site
settings and the calls open for applications are kept under the public content version
(eig.core.shared_values), the layout's language-only parts per language (shared_part). An edit made
anywhere must show at the next request; the parts kept per language must follow the language.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from dsfr.models import DsfrConfig

from eig.calls.models import Call, Dossier
from tests.factories.calls import application_call

pytestmark = pytest.mark.django_db


def test_a_site_banner_set_after_a_page_was_served_shows_at_the_next_request(client, candidate):
    space = reverse("candidates:space")
    assert "Maintenance ce soir" not in client.get(space).content.decode()  # the settings are now kept
    config = DsfrConfig.objects.filter(language="fr").first() or DsfrConfig(language="fr", site_title="EIG")
    config.notice_title = "Maintenance ce soir"
    config.save()
    assert "Maintenance ce soir" in client.get(space).content.decode()
    config.notice_title = "Maintenance demain"
    config.save()
    page = client.get(space).content.decode()
    assert "Maintenance demain" in page and "Maintenance ce soir" not in page


def test_a_call_opened_or_closed_shows_at_the_next_visit_of_my_space(client, candidate):
    call = application_call(title="Appel EIG 11")
    space = reverse("candidates:space")
    assert "Appel EIG 11" in client.get(space).content.decode()
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.opens_at = call.closes_at - datetime.timedelta(days=30)
    call.save()
    assert "Appel EIG 11" not in client.get(space).content.decode()
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + datetime.timedelta(days=1))
    call.refresh_from_db()
    call.title = "Appel EIG 11 (prolongé)"
    call.save()  # a save through the models moves the public content version
    assert "Appel EIG 11 (prolongé)" in client.get(space).content.decode()


def test_a_call_whose_deadline_passes_leaves_my_space_without_any_edit(client, candidate, monkeypatch):
    """The rows are kept; the dates are compared at each request."""
    call = application_call(title="Appel EIG 11")
    space = reverse("candidates:space")
    assert "Appel EIG 11" in client.get(space).content.decode()
    later = call.closes_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Appel EIG 11" not in client.get(space).content.decode()


def test_my_space_offers_no_call_i_already_applied_to(client, candidate):
    call = application_call(title="Appel EIG 11")
    client.post(reverse("candidates:apply", args=[call.slug]))
    assert Dossier.objects.filter(call=call, owner=candidate).exists()
    page = client.get(reverse("candidates:space")).content.decode()
    assert reverse("candidates:apply", args=[call.slug]) not in page


def test_my_dossier_shows_its_call_even_when_the_calls_this_process_keeps_lack_it(client, candidate, monkeypatch):
    from eig.web.candidates import progress

    call = application_call(title="Appel EIG 12")
    client.post(reverse("candidates:apply", args=[call.slug]))
    monkeypatch.setattr(progress, "application_calls", lambda request: ())  # kept before the call was made
    page = client.get(reverse("candidates:space")).content.decode()
    assert "Appel EIG 12" in page


def test_my_space_reads_a_call_again_when_its_form_changed_since_the_process_kept_it(client, candidate, monkeypatch):
    from eig.web.candidates import progress

    call = application_call(title="Appel EIG 12")
    client.post(reverse("candidates:apply", args=[call.slug]))
    kept = Call.objects.get(pk=call.pk)
    Call.objects.filter(pk=call.pk).update(form_version=kept.form_version + 1)  # the builder's bulk writes
    monkeypatch.setattr(progress, "application_calls", lambda request: (kept,))
    request = type("Request", (), {"user": candidate})()
    (dossier,) = progress.own_dossiers(request)
    assert dossier.call.form_version == kept.form_version + 1 and dossier.call is not kept


def test_a_candidate_who_never_submitted_is_spared_the_selection_queries(client, candidate, django_assert_num_queries):
    call = application_call()
    client.post(reverse("candidates:apply", args=[call.slug]))
    space = reverse("candidates:space")
    client.get(space)  # the site's settings and the open calls are now kept
    # session, user, the person's dossiers, their second factor, the content version: no offer, decision or
    # request for complement can exist before a submission.
    with django_assert_num_queries(5):
        assert client.get(space).status_code == 200


def test_the_layout_parts_kept_per_language_follow_the_language(client, candidate):
    space = reverse("candidates:space")  # /espace/, and /en/espace/ in English
    french = client.get(space).content.decode()
    english = client.get("/en" + space).content.decode()
    assert "Plan du site" in french and "Contenu" in french
    assert "Site map" in english and "Plan du site" not in english
    assert "Plan du site" in client.get(space).content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_main_menu_kept_once_per_item_marks_the_page_being_read(client, candidate, language):
    prefix = "" if language == "fr" else "/en"
    pages = {"public:challenge_list": "Défis", "public:faq": "FAQ", "public:news_list": "Actualités"}
    english = {"Défis": "Challenges", "FAQ": "FAQ", "Actualités": "News"}
    for _round in range(2):  # the second round reads the menus this process kept
        for name, label in pages.items():
            label = label if language == "fr" else english[label]
            with translation.override("fr"):
                path = reverse(name)
            html = client.get(prefix + path).content.decode()
            nav = html[
                html.index('id="header-navigation"') : html.index("</nav>", html.index('id="header-navigation"'))
            ]
            assert nav.count('aria-current="page"') == 1, name
            assert f'aria-current="page">{label}</a>' in nav, name
        with translation.override("fr"):
            path = reverse("candidates:space")
        html = client.get(prefix + path).content.decode()
        nav = html[html.index('id="header-navigation"') :]
        assert 'aria-current="page"' not in nav[: nav.index("</nav>")]  # « Mon espace » is no item of the menu


def test_a_shared_part_with_a_variable_is_kept_once_per_value_and_never_past_its_bound(monkeypatch):
    from django.template import Context, Template

    from eig.core.templatetags import shared_parts

    rendered = []
    template = Template('{% load shared_parts %}{% shared_part "t" item %}{{ item }}{{ note }}{% endshared_part %}')
    for item, note in [("a", 1), ("b", 2), ("a", 3)]:
        rendered.append(template.render(Context({"item": item, "note": note})))
    assert rendered == ["a1", "b2", "a1"]  # the part of « a » was kept; « note » is no part of its key
    monkeypatch.setattr(shared_parts, "MAX_PARTS", len(shared_parts._parts))
    assert template.render(Context({"item": "c", "note": 4})) == "c4"
    assert template.render(Context({"item": "c", "note": 5})) == "c5"  # past the bound: rendered, not kept
