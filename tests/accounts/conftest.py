import re

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

PASSWORD = "mot-de-passe-solide-42"


def link_in(message, pattern):
    """The first link of an email whose path matches `pattern`."""
    match = re.search(r"https?://[^\s]+" + pattern + r"[^\s]*", message.body)
    assert match, message.body
    return "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def verified_user(db):
    """An account whose address is verified: allauth lets it sign in."""
    user = UserFactory(email="claire@example.org", roles=["candidate"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
