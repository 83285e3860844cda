import pytest
from django.core.exceptions import ValidationError

from eig.core.validators import is_ascii_integer, validate_no_control_characters, validate_url_list


def test_a_list_of_web_addresses_is_accepted():
    validate_url_list(["https://github.com/etalab", "http://example.org/a?b=c"])


@pytest.mark.parametrize(
    "value", [["javascript:alert(1)"], ["ftp://example.org"], ["pas une adresse"], "https://x.org"]
)
def test_anything_but_http_addresses_is_refused_with_a_french_message(value):
    with pytest.raises(ValidationError) as error:
        validate_url_list(value)
    assert "adresse" in str(error.value)


@pytest.mark.parametrize("text", ["abc\x00def", "\x01", "bip\x07", "échap\x1b[31m", "suppr\x7f", "C1\x85", "\x9f"])
def test_a_control_character_is_refused_with_a_french_message(text):
    with pytest.raises(ValidationError) as error:
        validate_no_control_characters(text)
    assert error.value.messages == ["Ce texte contient un caractère non autorisé (caractère de contrôle)."]


@pytest.mark.parametrize(
    "text", ["Ligne\r\nligne\ttabulée", "مرحبا", "שלום", "Zoé 👩‍💻 « œuvre »", "\u200f\u202bmarques de direction"]
)
def test_tab_line_breaks_and_ordinary_unicode_are_accepted(text):
    validate_no_control_characters(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("42", True), ("-7", True), ("٣", False), ("３", False), ("4 2", False)]
)
def test_an_integer_is_written_with_the_digits_0_to_9(text, expected):
    assert is_ascii_integer(text) is expected
