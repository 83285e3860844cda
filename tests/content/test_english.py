"""English versions of the public texts (eig.content.english): written through one service that
checks the lengths, saves only the English columns and logs who wrote them against which French."""

import pytest

from eig.challenges.models import Challenge
from eig.content import english
from eig.core.models import ActivityLog
from tests.factories import ChallengeFactory, PageFactory, PositionFactory, StaffFactory, profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam():
    return StaffFactory(email="sam@equipe.example")


def writes():
    return list(ActivityLog.objects.filter(verb=english.VERB).order_by("id"))


def test_writing_english_leaves_the_french_untouched_and_logs_the_author(sam):
    challenge = ChallengeFactory(title="Hopkins", summary="Lutter contre la fraude")
    assert english.set_english(challenge, {"title": "Hopkins", "summary": "Fight fraud"}, by=sam) == [
        "title",
        "summary",
    ]
    challenge.refresh_from_db()
    assert (challenge.title_fr, challenge.summary_fr) == ("Hopkins", "Lutter contre la fraude")
    assert (challenge.title_en, challenge.summary_en) == ("Hopkins", "Fight fraud")
    [entry] = writes()
    assert (entry.target_type, entry.target_id, entry.actor) == ("challenges.challenge", str(challenge.pk), sam)
    assert entry.data == {"fields": ["title", "summary"], "french": english.french_digest(challenge)}


def test_saving_the_same_english_again_logs_nothing(sam):
    challenge = ChallengeFactory()
    english.set_english(challenge, {"title": "Challenge"}, by=sam)
    assert english.set_english(challenge, {"title": "Challenge"}, by=sam) == []
    assert len(writes()) == 1


def test_a_text_longer_than_its_field_is_refused_by_name(sam):
    challenge = ChallengeFactory()
    with pytest.raises(english.EnglishRefused) as refused:
        english.set_english(challenge, {"summary": "x" * 301}, by=sam)
    assert refused.value.field == "summary"
    assert "300" in str(refused.value)
    assert writes() == []


def test_a_title_holds_on_one_line_and_a_body_keeps_its_paragraphs(sam):
    page = PageFactory(title="Règlement", body="Article premier.")
    english.set_english(page, {"title": "  The\r\nrules ", "body": "## One\r\n\r\nText.\r\n"}, by=sam)
    page.refresh_from_db()
    assert page.title_en == "The rules"
    assert page.body_en == "## One\n\nText."


def test_an_unknown_field_is_a_programming_error(sam):
    with pytest.raises(ValueError, match="slug"):
        english.set_english(ChallengeFactory(), {"slug": "x"}, by=sam)


def test_the_french_changed_after_the_english_makes_it_to_review_until_saved_again(sam):
    challenge = ChallengeFactory(title="Hopkins", summary="Résumé", body="Texte")
    english.set_english(challenge, {"title": "H", "summary": "S", "body": "T"}, by=sam)
    [reading] = english.readings([challenge])
    assert reading.status == english.Status.TRANSLATED

    Challenge.objects.filter(pk=challenge.pk).update(body_fr="Texte réécrit")
    challenge.refresh_from_db()
    [reading] = english.readings([challenge])
    assert reading.status == english.Status.OUTDATED

    # Read again and kept as it is: the English now matches the new French.
    assert english.set_english(challenge, {"title": "H", "summary": "S", "body": "T"}, by=sam) == []
    [reading] = english.readings([challenge])
    assert reading.status == english.Status.TRANSLATED
    assert [entry.data["fields"] for entry in writes()] == [["title", "summary", "body"], []]


def test_a_challenges_status_counts_its_positions(sam):
    challenge = ChallengeFactory(title="Hopkins", summary="", body="")
    position = PositionFactory(challenge=challenge, profile=profile("dev"), mission="Construire", skills="")
    english.set_english(challenge, {"title": "Hopkins"}, by=sam)
    [reading] = english.challenge_readings([challenge])
    assert (reading.status, reading.to_write, reading.texts) == (english.Status.PARTIAL, 1, 2)
    english.set_english(position, {"mission": "Build"}, by=sam)
    [reading] = english.challenge_readings([challenge])
    assert reading.status == english.Status.TRANSLATED


def test_a_refused_position_text_leaves_the_challenge_as_it_was(sam):
    challenge = ChallengeFactory()
    position = PositionFactory(challenge=challenge)
    with pytest.raises(english.EnglishRefused) as refused:
        english.set_challenge_english(
            challenge, {"title": "Challenge"}, positions={position.pk: {"mission": "x" * 30_001}}, by=sam
        )
    assert refused.value.field == f"poste-{position.pk}.mission"
    challenge.refresh_from_db()
    assert challenge.title_en in ("", None)
    assert writes() == []


def test_a_position_of_another_challenge_is_refused(sam):
    challenge = ChallengeFactory()
    other = PositionFactory()
    with pytest.raises(ValueError):
        english.set_challenge_english(challenge, {}, positions={other.pk: {"mission": "Build"}}, by=sam)
