import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Tasks run at once in the test's thread; the database backend and its worker are for real deployments.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 5
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATIONS_SENDING_TIMEOUT_SECONDS = 900
    settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS = 300


class BrokenMailer:
    """A mailer whose provider is down."""

    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        BrokenMailer.calls += 1
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def broken_mailer(settings):
    BrokenMailer.calls = 0
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.conftest.BrokenMailer"}}
    return BrokenMailer
