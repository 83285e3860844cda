"""Factories for every model of the domain; tests build their world with these."""

import datetime

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from factory.django import DjangoModelFactory

from eig.accounts.models import User
from eig.challenges.models import Achievement, Administration, Challenge, KeyFigure, Position, Profile
from eig.community.models import Membership, Person
from eig.content.models import FAQEntry, NewsPost, Page, Tag
from eig.promotions.models import Phase, Programme, Promotion


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide-42")


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_totp(user, secret=TOTP_SECRET):
    """Two-factor authentication set up as allauth does (the secret stored encrypted)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


class StaffFactory(UserFactory):
    """A member of the programme team, with the second factor their pages require."""

    is_staff = True
    is_superuser = True
    roles = ["staff"]

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        # StaffFactory(totp=False): a member who has not set up two-factor authentication yet.
        if create and extracted is not False:
            with_totp(obj)


def programme(code="EIG"):
    return Programme.objects.get(code=code)


class PromotionFactory(DjangoModelFactory):
    class Meta:
        model = Promotion
        django_get_or_create = ["slug"]

    programme = factory.LazyFunction(programme)
    number = factory.Sequence(lambda n: n + 10)
    year = factory.LazyAttribute(lambda o: 2016 + o.number)
    slug = factory.LazyAttribute(lambda o: f"{o.programme.code.lower()}-{o.number}")
    title = factory.LazyAttribute(lambda o: f"{o.programme.code} {o.number}")


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    promotion = factory.SubFactory(PromotionFactory)
    kind = Phase.Kind.APPLICATION_CALL
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))


class AdministrationFactory(DjangoModelFactory):
    class Meta:
        model = Administration
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Direction numéro {n}")
    slug = factory.Sequence(lambda n: f"direction-{n}")
    kind = Administration.Kind.CENTRAL
    town = "Paris"


def profile(code="dev"):
    return Profile.objects.get(code=code)


class ChallengeFactory(DjangoModelFactory):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"Défi {n}")
    slug = factory.Sequence(lambda n: f"defi-{n}")
    summary = "Mieux servir le public grâce aux données"
    body = "Un **défi** d'intérêt général."
    promotion = factory.SubFactory(PromotionFactory)
    administration = factory.SubFactory(AdministrationFactory)
    town = "Paris"
    status = Challenge.Status.IN_PROGRESS

    @factory.post_generation
    def profiles(self, create, extracted, **kwargs):
        if create:
            self.profiles.set([profile(c) for c in (extracted or ["dev", "datascience"])])


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    challenge = factory.SubFactory(ChallengeFactory)
    profile = factory.LazyFunction(profile)
    mission = "Construire le service avec ses usagers"


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    challenge = factory.SubFactory(ChallengeFactory)
    amount = "1 200"
    description = "dossiers traités"


class AchievementFactory(DjangoModelFactory):
    class Meta:
        model = Achievement

    challenge = factory.SubFactory(ChallengeFactory)
    title = "Un outil en ligne"
    url = "https://example.org/outil"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="fr_FR")
    slug = factory.Sequence(lambda n: f"personne-{n}")
    role = Person.Role.FELLOW
    profile = factory.LazyFunction(profile)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    challenge = factory.SubFactory(ChallengeFactory)
    role = Membership.Role.FELLOW


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"étiquette {n}")
    slug = factory.Sequence(lambda n: f"etiquette-{n}")


class NewsPostFactory(DjangoModelFactory):
    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    published_on = factory.LazyFunction(lambda: datetime.date(2020, 5, 4))
    author = "Équipe EIG"
    description = "Des nouvelles du programme."
    body = "Le programme **avance**."

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class FAQEntryFactory(DjangoModelFactory):
    class Meta:
        model = FAQEntry

    audience = FAQEntry.Audience.CANDIDATES
    question = factory.Sequence(lambda n: f"Question {n} ?")
    answer = "<p>Une réponse.</p>"


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title = factory.Sequence(lambda n: f"Page {n}")
    body = "Du contenu."
