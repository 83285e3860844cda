from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_http_url = URLValidator(schemes=["http", "https"])


def validate_url_list(value):
    """A JSON list of web addresses (http or https only: no javascript: link)."""
    if not isinstance(value, list):
        raise ValidationError(_("Une liste d'adresses web est attendue."), code="not_a_list")
    for item in value:
        try:
            _http_url(item)
        except ValidationError:
            raise ValidationError(
                _("« %(value)s » n'est pas une adresse web valide (http ou https)."),
                code="invalid_url",
                params={"value": item},
            ) from None
