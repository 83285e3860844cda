"""The shapes of the API's answers: the OpenAPI schema is generated from these (pydantic).

Field descriptions are in English, the language of the schema; values are in the language asked
(`lang`). Free texts written in Markdown are given as written (`body`, `description`): a client
renders and sanitises them itself.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from eig.challenges.models import Administration, Challenge
from eig.community.models import Membership
from eig.programme.models import Event
from eig.promotions.models import Phase

PublicStatus = Literal[tuple(str(status) for status in Challenge.PUBLIC_STATUSES)]
AdministrationKind = Literal[tuple(Administration.Kind.values)]
MembershipRole = Literal[tuple(Membership.Role.values)]
EventKind = Literal[tuple(Event.Kind.values)]
PhaseKind = Literal[tuple(Phase.Kind.values)]
Url = Annotated[str, Field(description="An absolute https or http address.")]


class Error(Schema):
    detail: str = Field(description="What went wrong, in French.")
    detail_en: str = Field(description="What went wrong, in English.")


class TooManyRequests(Error):
    retry_after: int = Field(description="Seconds to wait before the next request (also the Retry-After header).")


class InvalidParameter(Schema):
    loc: list[str | int] = Field(description="Where the invalid value is: ['query', 'limit'], ['path', 'id']…")
    msg: str
    type: str


class ValidationFailed(Error):
    errors: list[InvalidParameter]


class PageBase(Schema):
    count: int = Field(description="How many items match, over every page.")
    limit: int
    offset: int
    next: Url | None = Field(description="The next page's address, null on the last page.")
    previous: Url | None = Field(description="The previous page's address, null on the first page.")


# --- References (an object named inside another) ------------------------------------------------


class ProgrammeOut(Schema):
    code: str
    name: str


class PromotionRef(Schema):
    slug: str
    label: str = Field(description="Programme code and number, e.g. « EIG 5 ».")
    year: int


class ChallengeRef(Schema):
    id: int
    slug: str
    title: str
    promotion: PromotionRef
    url: Url = Field(description="The challenge's public page.")


class ProfileOut(Schema):
    code: str
    label: str


class AdministrationOut(Schema):
    slug: str
    name: str
    kind: AdministrationKind
    town: str


# --- Challenges ------------------------------------------------------------------------------


class ChallengeOut(Schema):
    id: int
    slug: str
    promotion: PromotionRef
    title: str
    summary: str
    body: str = Field(description="The presentation, in Markdown.")
    status: PublicStatus
    status_label: str
    administration: AdministrationOut
    town: str
    duration_months: int
    profiles: list[ProfileOut] = Field(description="The professional profiles the challenge sought.")
    source_code_url: Url | None
    website_url: Url | None
    url: Url = Field(description="The challenge's public page.")


class PositionOut(Schema):
    id: int
    challenge: ChallengeRef
    profile: ProfileOut
    mission: str
    skills: str


class PositionOfChallenge(Schema):
    id: int
    profile: ProfileOut
    mission: str
    skills: str


class KeyFigureOut(Schema):
    amount: str
    description: str
    source: str
    source_url: Url | None


class AchievementOfChallenge(Schema):
    id: int
    title: str
    description: str
    url: Url | None
    call_to_action: str


class ChallengeDetail(ChallengeOut):
    positions: list[PositionOfChallenge]
    key_figures: list[KeyFigureOut] = Field(description="Figures staff entered, with their source.")
    achievements: list[AchievementOfChallenge]


class AchievementOut(AchievementOfChallenge):
    challenge: ChallengeRef


# --- Promotions -----------------------------------------------------------------------------


class PromotionOut(Schema):
    slug: str
    label: str
    programme: ProgrammeOut
    number: int
    year: int
    title: str
    description: str = Field(description="The presentation, in Markdown.")
    challenge_count: int = Field(description="Its challenges published on the site.")
    url: Url = Field(description="The promotion's public page.")


class PhaseOut(Schema):
    kind: PhaseKind
    label: str
    starts_at: datetime
    ends_at: datetime | None


class PromotionDetail(PromotionOut):
    phases: list[PhaseOut] = Field(description="The dated steps of its year, in order.")


# --- Teams -----------------------------------------------------------------------------------


class MemberOut(Schema):
    name: str
    slug: str
    role: MembershipRole
    role_label: str
    profile: ProfileOut | None
    url: Url = Field(description="The person's public profile.")


class TeamOut(Schema):
    challenge: ChallengeRef
    fellows: list[MemberOut] = Field(description="Fellows who agreed to a public profile, and only them.")
    mentors: list[MemberOut] = Field(description="Mentors who agreed to a public profile, and only them.")


# --- News and events -------------------------------------------------------------------------


class TagOut(Schema):
    slug: str
    name: str


class NewsOut(Schema):
    slug: str
    title: str
    published_on: date
    author: str
    description: str
    body: str = Field(description="The article, in Markdown.")
    tags: list[TagOut]
    url: Url


class EventOut(Schema):
    id: int
    promotion: PromotionRef
    kind: EventKind
    kind_label: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str


# --- Statistics -----------------------------------------------------------------------------


class PromotionStatistics(Schema):
    promotion: PromotionRef
    challenges: int = Field(description="Challenges published.")
    fellows: int | None = Field(
        description="Fellows of its published teams; null for 1 to min_group - 1 people (a small group is masked)."
    )
    achievements: int = Field(description="Achievements published.")


class StatisticsOut(Schema):
    min_group: int = Field(description="Counts of people from 1 to this minus one are given as null (masked).")
    note: str
    results: list[PromotionStatistics]


# --- Pages ----------------------------------------------------------------------------------


class ChallengePage(PageBase):
    results: list[ChallengeOut]


class PositionPage(PageBase):
    results: list[PositionOut]


class PromotionPage(PageBase):
    results: list[PromotionOut]


class TeamPage(PageBase):
    results: list[TeamOut]


class AchievementPage(PageBase):
    results: list[AchievementOut]


class NewsPage(PageBase):
    results: list[NewsOut]


class EventPage(PageBase):
    results: list[EventOut]
