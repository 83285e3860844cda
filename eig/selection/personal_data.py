"""The selection's part in a person's personal data (registered with eig/accounts/personal_data.py):
the decisions told to the person and their offers; a deleted or closed account withdraws its public
profiles; the end of a dossier's retention deletes the fellow profiles made from it."""

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.community.models import Person
from eig.core.personal_data import iso

from .models import Offer, Outcome


def export_for(user) -> list[dict]:
    """Per approved run concerning one of the person's dossiers: the decision they were told,
    the explanation of how the engine treated them, and their offers."""
    outcomes = Outcome.objects.filter(dossier__owner=user).select_related("run__call", "dossier").order_by("pk")
    offers = {}
    for offer in Offer.objects.filter(dossier__owner=user).select_related("position__challenge", "position__profile"):
        offers.setdefault((offer.run_id, offer.dossier_id), []).append(
            {
                "challenge": offer.position.challenge.title,
                "profile": offer.position.profile.label,
                "status": offer.get_status_display(),
                "deadline": iso(offer.deadline),
                "responded_at": iso(offer.responded_at),
                "explanation": offer.explanation,
                "public_profile": offer.public_profile,
            }
        )
    return [
        {
            "call": outcome.run.call.title,
            "dossier": outcome.dossier.number,
            "decision": outcome.get_decision_display(),
            "notified_at": iso(outcome.notified_at),
            "explanation": outcome.run.explanations.get(str(outcome.dossier_id), ""),
            "offers": offers.get((outcome.run_id, outcome.dossier_id), []),
        }
        for outcome in outcomes
    ]


def hide_public_profiles(user) -> None:
    """A closed or deleted account withdraws its consent: the person's fellow profiles created by
    the publication of a promotion are no longer public (the team shows « une personne »)."""
    offers = Offer.objects.filter(dossier__owner=user)
    for person in Person.objects.filter(pk__in=offers.exclude(person=None).values("person_id"), is_public=True):
        person.is_public = False
        person.save(update_fields=["is_public", "updated_at"])  # refreshes the cached public pages
    offers.update(public_profile=False)


def forget_dossier(dossier) -> None:
    """At the end of the retention period: the fellow profiles created from the dossier's offers
    go (their team memberships with them)."""
    Person.objects.filter(
        pk__in=Offer.objects.filter(dossier=dossier).exclude(person=None).values("person_id")
    ).delete()


class SelectionPart(PersonalDataPart):
    key = "selection"
    order = 50

    def export(self, user, export):
        return export_for(user)

    def delete_account(self, user, erasure):
        hide_public_profiles(user)

    close_account = delete_account

    def anonymise_dossier(self, dossier, *, now):
        forget_dossier(dossier)
        return 0


register_part(SelectionPart())
