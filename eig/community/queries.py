from django.db.models import Prefetch

from eig.challenges.models import Challenge

from .models import Membership, Person


def public_people(*, promotion=None, profile=None, role=None):
    memberships = Membership.objects.filter(challenge__status__in=Challenge.PUBLIC_STATUSES).select_related(
        "challenge__promotion__programme"
    )
    queryset = (
        Person.objects.filter(is_public=True)
        .select_related("profile")
        .prefetch_related(Prefetch("memberships", queryset=memberships), "promotions__programme")
    )
    if promotion:
        queryset = queryset.filter(promotions__slug=promotion)
    if profile:
        queryset = queryset.filter(profile__code=profile)
    if role:
        queryset = queryset.filter(role=role)
    return queryset.distinct() if promotion else queryset
