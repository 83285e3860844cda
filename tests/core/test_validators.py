import pytest
from django.core.exceptions import ValidationError

from eig.core.validators import validate_url_list


def test_a_list_of_web_addresses_is_accepted():
    validate_url_list(["https://github.com/etalab", "http://example.org/a?b=c"])


@pytest.mark.parametrize(
    "value", [["javascript:alert(1)"], ["ftp://example.org"], ["pas une adresse"], "https://x.org"]
)
def test_anything_but_http_addresses_is_refused_with_a_french_message(value):
    with pytest.raises(ValidationError) as error:
        validate_url_list(value)
    assert "adresse" in str(error.value)
