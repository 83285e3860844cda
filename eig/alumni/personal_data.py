"""The alumni network's part of a person's data (registered with eig/accounts/personal_data.py).

- Export: the person's alumni rows (promotion, team, what the directory says of them, their
  consent and its date, their contact preference), the public profile they edit (presentation,
  links, public or not) and the invitations staff sent them (the seat, the message, the answer).
- Deleting or closing an account: the alumni network rests on consent, so it goes at once — the
  alumni rows are deleted (out of the directory; their invitations with them), and the public
  profile they edited loses what they wrote and stops being public (the row stays as the team's
  record of the promotion, as the selection's part leaves it; it goes with the dossier it came
  from). The seats an accepted invitation created are the flows' own: their parts handle them
  (reviews 30, juries 40, programme 55).
- Nothing to purge: nothing here outlives the account.
"""

from django.db.models import Q

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.community.models import Person
from eig.core.personal_data import iso

from .models import Alumnus, Invitation
from .services import describe_seat


def _invitations(alumnus: Alumnus) -> list[dict]:
    return [
        {
            "kind": invitation.get_kind_display(),
            "seat": describe_seat(invitation),
            "message": invitation.message,
            "status": invitation.get_status_display(),
            "sent_at": iso(invitation.created_at),
            "answered_at": iso(invitation.answered_at),
        }
        for invitation in alumnus.invitations.select_related("grid__call", "jury", "challenge").order_by("pk")
    ]


def export_for(user) -> list[dict]:
    rows = Alumnus.objects.filter(user=user).select_related("promotion__programme", "challenge", "person")
    return [
        {
            "promotion": str(alumnus.promotion),
            "challenge": alumnus.challenge.title,
            "name": alumnus.name,
            "skills": alumnus.skills,
            "current_role": alumnus.current_role,
            "contact_preference": alumnus.get_contact_preference_display(),
            "listed_in_directory": alumnus.listed,
            "consent_given_at": iso(alumnus.listed_at),
            "became_alumnus_at": iso(alumnus.created_at),
            "public_profile": (
                {
                    "address": alumnus.person.get_absolute_url(),
                    "bio": alumnus.person.bio,
                    "links": alumnus.person.links,
                    "public": alumnus.person.is_public,
                }
                if alumnus.person
                else None
            ),
            "invitations": _invitations(alumnus),
        }
        for alumnus in rows.order_by("pk")
    ]


def forget(user) -> None:
    """The account goes: out of the directory and the network; the public profile they edited
    loses their words and is no longer public."""
    people = Person.objects.filter(pk__in=Alumnus.objects.filter(user=user).exclude(person=None).values("person_id"))
    for person in people:
        person.bio, person.links, person.is_public = "", [], False
        person.save(update_fields=["bio", "links", "is_public", "updated_at"])  # refreshes the cached public pages
    Alumnus.objects.filter(user=user).delete()  # their invitations with them


class AlumniPart(PersonalDataPart):
    key = "alumni"
    order = 58

    def export(self, user, export):
        data = export_for(user)
        export.count("alumni", len(data))
        return data

    def activity(self, user):
        alumni = [str(pk) for pk in Alumnus.objects.filter(user=user).values_list("pk", flat=True)]
        invitations = [str(pk) for pk in Invitation.objects.filter(alumnus__user=user).values_list("pk", flat=True)]
        return Q(target_type="alumni.alumnus", target_id__in=alumni) | Q(
            target_type="alumni.invitation", target_id__in=invitations
        )

    def delete_account(self, user, erasure):
        forget(user)

    close_account = delete_account


register_part(AlumniPart())
