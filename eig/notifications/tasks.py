from django.tasks import task

from .sending import deliver


@task
def send_outbox_message(message_id: int) -> str:
    """Send one outbox message; a duplicate or late delivery of this task sends nothing."""
    return deliver(message_id)
