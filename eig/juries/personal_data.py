"""The juries' part in a person's personal data (registered with eig/accounts/personal_data.py):
the seats with the person's own notes; a deleted or closed account's seats no longer name them."""

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.personal_data import ANONYMOUS_DOMAIN, iso

from .models import Juror, JurorNote


def export_for(user) -> list[dict]:
    seats = Juror.objects.filter(user=user).select_related("jury").prefetch_related("available").order_by("pk")
    notes = {}
    for note in JurorNote.objects.filter(juror__user=user).select_related("audition"):
        notes.setdefault(note.juror_id, []).append({"audition": note.audition.auditionee, "notes": note.text})
    return [
        {
            "jury": seat.jury.title,
            "name": seat.name,
            "email": seat.email,
            "organisation": seat.organisation,
            "type": seat.get_type_display(),
            "gender": seat.get_gender_display(),
            "expertise": seat.expertise,
            "available": [iso(h.starts_at) for h in seat.available.all()],
            "charter_accepted_at": iso(seat.charter_accepted_at),
            "notes": notes.get(seat.pk, []),
        }
        for seat in seats
    ]


def forget_juror(user) -> int:
    """The person's seats no longer name them; their private notes go."""
    seats = list(Juror.objects.filter(user=user))
    JurorNote.objects.filter(juror__in=seats).delete()
    for seat in seats:
        seat.email = f"jure-{seat.pk}@{ANONYMOUS_DOMAIN}"
        seat.name = f"Juré {seat.pk}"
        seat.organisation = ""
        seat.user = None
        seat.save(update_fields=["email", "name", "organisation", "user"])
    return len(seats)


class JuriesPart(PersonalDataPart):
    key = "juries"
    order = 40

    def export(self, user, export):
        return export_for(user)

    def delete_account(self, user, erasure):
        forget_juror(user)

    close_account = delete_account


register_part(JuriesPart())
