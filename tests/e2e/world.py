"""The public site's content the browser tests visit, built with the factories."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from eig.challenges.models import Challenge
from eig.community.models import Membership, Person
from eig.content.models import FAQEntry, Page
from eig.promotions.models import Phase
from tests.factories import (
    AchievementFactory,
    AdministrationFactory,
    ChallengeFactory,
    FAQEntryFactory,
    KeyFigureFactory,
    MembershipFactory,
    NewsPostFactory,
    PageFactory,
    PersonFactory,
    PhaseFactory,
    PositionFactory,
    PromotionFactory,
    TagFactory,
    profile,
)


@dataclass
class World:
    promotion: object
    challenge: object
    person: object
    post: object
    page: object


def build_world():
    now = timezone.now()
    promotion = PromotionFactory(
        number=9,
        year=2025,
        slug="eig-9",
        title="EIG 9",
        description="La neuvième promotion des entrepreneurs d'intérêt général.",
    )
    PhaseFactory(
        promotion=promotion,
        kind=Phase.Kind.CHALLENGE_CALL,
        starts_at=now - datetime.timedelta(days=90),
        ends_at=now - datetime.timedelta(days=40),
    )
    PhaseFactory(promotion=promotion, kind=Phase.Kind.APPLICATION_CALL)  # open: started 3 days ago
    PhaseFactory(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        starts_at=now + datetime.timedelta(days=120),
        ends_at=now + datetime.timedelta(days=420),
    )
    administration = AdministrationFactory(
        name="Direction de l'emploi et de la formation", slug="dgefp", website="https://example.org/emploi"
    )
    challenge = ChallengeFactory(
        promotion=promotion,
        administration=administration,
        status=Challenge.Status.RECRUITING,
        title="Mieux orienter les demandeurs d'emploi",
        slug="orientation",
        summary="Un service qui propose à chacun les formations utiles près de chez lui.",
        body="## Le contexte\n\nChaque année, **des milliers** de personnes cherchent une formation.",
        is_featured=True,
        source_code_url="https://example.org/code",
        website_url="https://example.org/site",
        videos=["https://example.org/video"],
        profiles=["dev", "datascience", "design"],
    )
    PositionFactory(challenge=challenge, profile=profile("dev"), skills="Python, Django, tests")
    PositionFactory(challenge=challenge, profile=profile("design"), mission="Enquêter auprès des usagers")
    KeyFigureFactory(challenge=challenge, amount="12 000", description="personnes orientées")
    KeyFigureFactory(challenge=challenge, amount="3", description="régions pilotes", order=1)
    AchievementFactory(challenge=challenge, title="Le service en ligne", description="Ouvert à tous depuis juin.")
    AchievementFactory(challenge=challenge, title="Les données ouvertes", url="", order=1)
    person = PersonFactory(
        name="Camille Martin",
        slug="camille-martin",
        bio="Développeuse.\nPassionnée de services publics.",
        links=["https://example.org/camille"],
        profile=profile("dev"),
    )
    person.promotions.set([promotion])
    MembershipFactory(person=person, challenge=challenge, role=Membership.Role.FELLOW)
    MembershipFactory(
        person=PersonFactory(name="Dominique Bernard", slug="dominique-bernard", profile=profile("design")),
        challenge=challenge,
        role=Membership.Role.FELLOW,
        order=1,
    )
    MembershipFactory(
        person=PersonFactory(name="Alex Petit", slug="alex-petit", role=Person.Role.MENTOR, profile=None),
        challenge=challenge,
        role=Membership.Role.OPERATIONAL_MENTOR,
    )

    archive = PromotionFactory(number=4, year=2020, slug="eig-4", title="EIG 4")
    ChallengeFactory(
        promotion=archive, title="Cartographier les friches", slug="friches", status=Challenge.Status.FINISHED
    )

    tags = [TagFactory(name="Promotion", slug="promotion"), TagFactory(name="Événement", slug="evenement")]
    post = NewsPostFactory(title="La promotion 9 est lancée", slug="promotion-9-lancee", tags=tags)
    NewsPostFactory(title="Retour sur le séminaire", slug="seminaire", tags=tags[1:])

    FAQEntryFactory(audience=FAQEntry.Audience.CANDIDATES, question="Qui peut candidater ?")
    FAQEntryFactory(
        audience=FAQEntry.Audience.CANDIDATES, question="Quelle rémunération ?", answer="Selon le **profil**."
    )
    FAQEntryFactory(audience=FAQEntry.Audience.ADMINISTRATIONS, question="Combien coûte un défi ?")

    page = PageFactory(
        slug="programme",
        kind=Page.Kind.PROGRAMME,
        title="Le programme",
        summary="Dix mois pour transformer un service public.",
        body="## Comment ça marche\n\n1. Un appel à défis\n2. Un appel à candidatures\n",
    )
    return World(promotion=promotion, challenge=challenge, person=person, post=post, page=page)


def build_catalogue():
    """Sixteen public challenges over two promotions, plus one proposal a visitor never sees.

    EIG 9 (2025) has thirteen: more than one page of twelve. The design and recruiting
    ones are those whose titles start with « Concevoir ».
    """
    recent = PromotionFactory(number=9, year=2025, slug="eig-9", title="EIG 9")
    older = PromotionFactory(number=8, year=2024, slug="eig-8", title="EIG 8")
    for n in range(1, 11):
        ChallengeFactory(
            promotion=recent,
            title=f"Moderniser le registre {n:02d}",
            slug=f"registre-{n}",
            status=Challenge.Status.IN_PROGRESS,
            profiles=["dev"],
        )
    for n in range(1, 4):
        ChallengeFactory(
            promotion=recent,
            title=f"Concevoir le guichet {n}",
            slug=f"guichet-{n}",
            status=Challenge.Status.RECRUITING,
            profiles=["design", "dev"],
        )
    ChallengeFactory(
        promotion=older,
        title="Concevoir la carte des risques",
        slug="carte-risques",
        status=Challenge.Status.FINISHED,
        profiles=["design"],
    )
    ChallengeFactory(
        promotion=older,
        title="Prévoir les crues",
        slug="crues",
        summary="Anticiper les inondations",
        status=Challenge.Status.FINISHED,
        profiles=["datascience"],
    )
    ChallengeFactory(
        promotion=older,
        title="Ouvrir les données de santé",
        slug="sante",
        status=Challenge.Status.FINISHED,
        profiles=["dataengineering"],
    )
    ChallengeFactory(
        promotion=recent, title="Concevoir un brouillon", slug="brouillon", status=Challenge.Status.PROPOSED
    )
