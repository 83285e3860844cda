"""The juries' part in a person's personal data (registered with eig/accounts/personal_data.py):
the seats with the person's own notes and their consent to the public jury page (its dates, the
function and organisation shown, the photo, in the archive's files); a deleted or closed account's
seats no longer name them, and leave the public page with their photo deleted."""

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.core.personal_data import ANONYMOUS_DOMAIN, iso

from .models import Juror, JurorNote
from .publicity import forget_public


def _photo(seat, export) -> str:
    """The public photo's name in the archive ("" without one, or if its file is gone)."""
    if export is None or not seat.public_photo:
        return ""
    try:
        with seat.public_photo.open("rb") as photo:
            content = photo.read()
    except OSError:
        return ""
    return export.add_file(f"jury-{seat.pk}-{seat.public_photo.name.rpartition('/')[2]}", content)


def export_for(user, export=None) -> list[dict]:
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
            "public_page": {
                "consent_given_at": iso(seat.public_consent_at),
                "consent_revoked_at": iso(seat.public_revoked_at),
                "shown": seat.is_public,
                "role": seat.public_role,
                "organisation": seat.public_organisation,
                "photo": _photo(seat, export),
            },
        }
        for seat in seats
    ]


def forget_juror(user) -> int:
    """The person's seats no longer name them; their private notes go; they leave the public jury
    page, its texts and photo deleted (the consent's dates stay, naming no one)."""
    seats = list(Juror.objects.filter(user=user))
    JurorNote.objects.filter(juror__in=seats).delete()
    for seat in seats:
        seat.email = f"jure-{seat.pk}@{ANONYMOUS_DOMAIN}"
        seat.name = f"Juré {seat.pk}"
        seat.organisation = ""
        seat.user = None
        forget_public(seat)
        seat.save(
            update_fields=[
                "email",
                "name",
                "organisation",
                "user",
                "public_revoked_at",
                "public_role",
                "public_organisation",
                "public_photo",
            ]
        )
    return len(seats)


class JuriesPart(PersonalDataPart):
    key = "juries"
    order = 40

    def export(self, user, export):
        return export_for(user, export)

    def delete_account(self, user, erasure):
        forget_juror(user)

    close_account = delete_account


register_part(JuriesPart())
