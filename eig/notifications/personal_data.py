"""The emails in a person's personal data (a part of eig/accounts/personal_data.py).

The outbox keeps every email sent to the person's addresses: the export lists them; a
deleted account leaves none behind; a closed one keeps them until it is anonymised.
"""

from eig.accounts.personal_data import PersonalDataPart, addresses_of, register_part
from eig.core.personal_data import iso

from .models import OutboxMessage


def _emails_to(user):
    return OutboxMessage.objects.filter(recipient__in=addresses_of(user))


class EmailsPart(PersonalDataPart):
    key = "emails"
    order = 70

    def export(self, user, export):
        return [
            {
                "to": m.recipient,
                "template": m.template,
                "subject": m.subject,
                "text": m.body_text,
                "status": m.status,
                "queued_at": iso(m.created_at),
                "sent_at": iso(m.sent_at),
            }
            for m in _emails_to(user).order_by("created_at", "pk")
        ]

    def delete_account(self, user, erasure):
        _emails_to(user).delete()

    def anonymise_account(self, user, run):
        if run.apply:
            _emails_to(user).delete()
        return 0


register_part(EmailsPart())
