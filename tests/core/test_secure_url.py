"""A link typed by a person: a well-formed secure web address, or a French refusal naming why."""

import pytest

from eig.core.errors import DomainError
from eig.core.validators import secure_url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://forge.example/alpha",
            "L'adresse doit être sécurisée : elle commence par « https:// », pas par « http:// ».",
        ),
        ("HTTP://forge.example/alpha", "pas par « http:// »"),
        ("javascript:alert(1)", "Indiquez une adresse web complète et sécurisée, commençant par « https:// »."),
        ("data:text/html,<script>", "commençant par « https:// »"),
        ("ftp://forge.example/alpha", "commençant par « https:// »"),
        ("//forge.example/alpha", "commençant par « https:// »"),
        ("forge.example/alpha", "commençant par « https:// »"),
        ("", "commençant par « https:// »"),
        ("https://" + "a" * 500 + ".example", "L'adresse est trop longue (500 caractères au plus)."),
        ("https://moi:secret@forge.example/alpha", "L'adresse ne doit pas contenir d'identifiant ni de mot de passe."),
        ("https://moi@forge.example/alpha", "identifiant ni de mot de passe"),
        ("https://forge .example/alpha", "L'adresse ne doit pas contenir d'espace."),
        ("https://forge.example/al\tpha", "d'espace"),
        ("https://forge.example/al\x00pha", "L'adresse contient un caractère non autorisé (caractère de contrôle)."),
        ("https://forge.example/al\x7fpha", "caractère de contrôle"),
        ("https://", "Cette adresse n'est pas valide : vérifiez-la, par exemple « https://github.com/etalab/projet »."),
        ("https://[::1/alpha", "n'est pas valide"),
        ("https://forge..example/alpha", "n'est pas valide"),
    ],
)
def test_a_link_that_is_not_a_well_formed_https_address_is_refused_with_a_precise_french_message(url, message):
    with pytest.raises(DomainError) as error:
        secure_url(url)
    assert message in str(error.value)


def test_the_length_cap_is_the_callers():
    url = "https://forge.example/" + "a" * 60
    assert secure_url(url, max_length=100) == url
    with pytest.raises(DomainError, match=r"trop longue \(50 caractères au plus\)"):
        secure_url(url, max_length=50)


def test_a_well_formed_https_address_is_accepted_and_kept_stripped():
    assert (
        secure_url("  https://www.data.gouv.fr/fr/datasets/x/?q=1#a  ")
        == "https://www.data.gouv.fr/fr/datasets/x/?q=1#a"
    )
    assert secure_url("https://github.com/etalab/projet") == "https://github.com/etalab/projet"
