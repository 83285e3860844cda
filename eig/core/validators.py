import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

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


# C0 controls except tab, line feed and carriage return (which text areas send),
# DEL and the C1 controls. PostgreSQL refuses NUL in text and jsonb (a 500 on save),
# and none of them has a place in what a person types; ordinary Unicode (accents,
# right-to-left scripts, emoji and their joiners) stays valid.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text) -> bool:
    return isinstance(text, str) and CONTROL_CHARACTERS.search(text) is not None


def validate_no_control_characters(value):
    """Refuse a text that carries a control character (NUL first of all)."""
    if has_control_characters(value):
        raise ValidationError(
            _("Ce texte contient un caractère non autorisé (caractère de contrôle)."), code="control_character"
        )


def is_ascii_integer(text) -> bool:
    """An integer written with the digits 0 to 9 only, an optional minus sign in front.

    Python's int() also reads other scripts' digits (« ٣ » is 3): a number a person
    typed is checked with this before int() reads it.
    """
    return isinstance(text, str) and re.fullmatch(r"-?[0-9]+", text) is not None


_https_url = URLValidator(schemes=["https"])


def secure_url(url, *, max_length: int = 500) -> str:
    """A link typed by a person, stripped, if it is a well-formed secure web address; a French
    `DomainError` naming the first problem otherwise.

    Only « https:// » addresses with a host: an « http:// » one would be read in clear, a
    « javascript: » or « data: » one is no web page; credentials in an address would be shown with
    it; a space or a control character has no place in it; `max_length` is its column's length.
    An empty address is refused like any other that does not start with « https:// » (a caller
    that says what the address is for checks it first)."""
    url = (url or "").strip()
    invalid = DomainError(
        gettext("Cette adresse n'est pas valide : vérifiez-la, par exemple « https://github.com/etalab/projet »."),
    )
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced « [ » (an IPv6 host)
        raise invalid from None
    scheme = parts.scheme.lower()
    if scheme == "http":
        raise DomainError(
            gettext("L'adresse doit être sécurisée : elle commence par « https:// », pas par « http:// »."),
        )
    if scheme != "https":
        raise DomainError(gettext("Indiquez une adresse web complète et sécurisée, commençant par « https:// »."))
    if len(url) > max_length:
        raise DomainError(gettext("L'adresse est trop longue (%(max)s caractères au plus).") % {"max": max_length})
    if parts.username or parts.password:
        raise DomainError(gettext("L'adresse ne doit pas contenir d'identifiant ni de mot de passe."))
    if any(c.isspace() for c in url):
        raise DomainError(gettext("L'adresse ne doit pas contenir d'espace."))
    if has_control_characters(url):
        raise DomainError(gettext("L'adresse contient un caractère non autorisé (caractère de contrôle)."))
    if not parts.hostname:
        raise invalid
    try:
        _https_url(url)
    except ValidationError:
        raise invalid from None
    return url
