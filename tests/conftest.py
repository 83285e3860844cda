import pytest
from django.core.cache import cache
from django.utils import translation


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords the production way costs ~0.3 s per user: tests use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every test Client loads the middleware again, and WhiteNoise then scans the collected static
    # files (5,000 after `collectstatic`, as `make test` runs it): 0.55 s per Client, about two
    # thirds of the suite's time in CI. Looking a file up when it is asked for serves the same files.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _french_by_default():
    # A request to /en/ leaves English active in the thread; each test starts in French.
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from eig.calls import structure
    from eig.core import shared_values
    from eig.core.templatetags import shared_parts

    def forget():
        cache.clear()
        structure.forget()  # the calls' forms each process keeps
        shared_values.forget()  # and what it keeps under the public content version
        shared_parts.forget()  # and the layout's parts rendered once per language

    forget()
    yield
    forget()


@pytest.fixture
def candidate(client):
    """A person signed in on `client` with no role yet: a candidate-to-be (modules may define their own)."""
    from tests.factories import UserFactory

    user = UserFactory(email="ada@example.org")
    client.force_login(user)
    return user
