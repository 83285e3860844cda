"""Automatic conflicts of interest between a grid's reviewers and its dossiers.

A reviewer may never see a dossier:
- of which they are the holder (a reviewer who is the candidate);
- whose candidate names them as the teammate they wish to work with (« binôme »);
- proposed by, or wishing a challenge of, an administration they are an agent of;
- of an administration whose agents' email domain is theirs (colleagues not yet
  registered as agents), unless the domain is a public mailbox provider.
Declared and staff conflicts are stored the same way (models.Conflict).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier
from eig.core.mail_domains import email_domain as _domain
from eig.core.mail_domains import is_webmail
from eig.proposals.models import Agent, Proposal

TEAMMATE_KEY = "binome"


def _norm(text: str) -> str:
    return " ".join(str(text or "").lower().split())


def detect(reviewers, dossiers) -> dict[tuple[int, int], str]:
    """(reviewer pk, dossier pk) -> French reason, for every automatic conflict."""
    reviewers = [r for r in reviewers if r.user_id]
    dossiers = list(dossiers)
    if not reviewers or not dossiers:
        return {}
    dossier_ids = [d.pk for d in dossiers]
    user_ids = [r.user_id for r in reviewers]

    # The administrations behind each dossier: the proposer, and those of the wished challenges.
    administrations = defaultdict(set)
    for dossier_id, administration_id in Proposal.objects.filter(dossier_id__in=dossier_ids).values_list(
        "dossier_id", "administration_id"
    ):
        administrations[dossier_id].add(administration_id)
    for dossier_id, administration_id in Wish.objects.filter(dossier_id__in=dossier_ids).values_list(
        "dossier_id", "position__challenge__administration_id"
    ):
        administrations[dossier_id].add(administration_id)

    agencies = defaultdict(set)  # user -> administrations they are a confirmed agent of
    for user_id, administration_id in Agent.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
        "user_id", "administration_id"
    ):
        agencies[user_id].add(administration_id)

    # The domains of the agents of the administrations proposing a dossier.
    proposing = dict(Proposal.objects.filter(dossier_id__in=dossier_ids).values_list("dossier_id", "administration_id"))
    admin_domains = defaultdict(set)
    for administration_id, email in Agent.objects.filter(
        administration_id__in=set(proposing.values()), confirmed=True
    ).values_list("administration_id", "user__email"):
        if not is_webmail(_domain(email)):
            admin_domains[administration_id].add(_domain(email))

    teammates = dict(
        Answer.objects.filter(dossier_id__in=dossier_ids, question__key=TEAMMATE_KEY).values_list("dossier_id", "value")
    )
    owners = dict(Dossier.objects.filter(pk__in=dossier_ids).values_list("pk", "owner__email"))

    found = {}
    for reviewer in reviewers:
        user = reviewer.user
        email = (user.email or reviewer.email).lower()
        full_name = _norm(f"{user.first_name} {user.last_name}")
        domain = _domain(email)
        for dossier in dossiers:
            pair = (reviewer.pk, dossier.pk)
            if dossier.owner_id == reviewer.user_id or (owners.get(dossier.pk) or "").lower() == email:
                found[pair] = _("Vous êtes la personne qui a déposé ce dossier.")
                continue
            teammate = _norm(teammates.get(dossier.pk))
            if teammate and (teammate == email or (full_name.strip() and full_name in teammate)):
                found[pair] = _("Le candidat ou la candidate vous désigne comme binôme.")
                continue
            if agencies[reviewer.user_id] & administrations[dossier.pk]:
                found[pair] = _("Vous êtes agent de l'administration concernée par ce dossier.")
                continue
            proposer = proposing.get(dossier.pk)
            if proposer and domain and not is_webmail(domain) and domain in admin_domains[proposer]:
                found[pair] = _(
                    "Votre adresse est du même domaine que celles de l'administration qui propose ce dossier."
                )
    return found
