"""Build the demo world in one transaction; running it again updates the same rows.

Every row is written with `update_or_create` on its natural key (a slug, an email,
a promotion and a kind…), and the children of the demo's own challenges that the
data no longer lists are deleted, so two runs leave exactly the same rows.

The previous promotion (current number − 1, last year) is being selected: its closed call's
candidates were auditioned, and staff have submitted a proposal of teams to the approvers
(selection.py). Promotion 2 keeps its real 2017–2018 calendar. The current promotion's calendar is
placed relative to `now` (see `current_calendar`), so a demo loaded any day shows
a closed call for challenges, a past challenge jury, an open call for applications
and the later steps still to come. That call has dossiers at every stage (dossiers.py).
The running promotion (current number − 2) is in the fifth month of its ten months: teams,
retrospectives, signals, mentoring and events, written once (programme.py), with its mid-term
questionnaire and first deliverables (finished.py). The finished promotion (current number − 3)
ended a few weeks ago and is closed: its results page, handover outcomes and alumni (finished.py).
"""

import datetime
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify

from eig.accounts.models import Role
from eig.calls.models import Dossier
from eig.challenges.models import Achievement, Administration, Challenge, KeyFigure, Position, Profile
from eig.community.models import Membership, Person
from eig.content.models import FAQEntry, NewsPost, Page, Tag
from eig.juries.models import Audition
from eig.promotions.models import Phase, Programme, Promotion
from eig.selection.models import SelectionRun

from . import data
from .accounts import DEMO_PASSWORD, DEMO_USERS, demo_email
from .dossiers import ApplicationCallBuilder
from .finished import FinishedBuilder
from .finished_call import FinishedCallBuilder
from .finished_data import FINISHED_CHALLENGES
from .juries import JuryBuilder
from .programme import ProgrammeBuilder
from .programme_data import RUNNING_CHALLENGES
from .proposals import ChallengeCallBuilder
from .reviews import ReviewsBuilder, with_demo_totp
from .running_results import build_running_results
from .selection import (
    PREVIOUS_CHALLENGES,
    PREVIOUS_PROMOTION_DESCRIPTION,
    PREVIOUS_PROMOTION_DESCRIPTION_EN,
    SelectionBuilder,
)

PARIS = ZoneInfo("Europe/Paris")
Kind = Phase.Kind


def paris(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A wall-clock time in Paris on a given day, as an aware datetime (DST-correct)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


# Règlement EIG promotion 2, art. 3 to 6, and DOMAIN.md. The call for challenges ran
# in May–June 2017 ("appel à projets de mai 2017"); its exact days are not recorded,
# so the days below are an approximation. No public announcement date is known.
PROMOTION_2_CALENDAR = {
    Kind.CHALLENGE_CALL: (paris(datetime.date(2017, 5, 15), 9), paris(datetime.date(2017, 6, 16), 17)),
    Kind.CHALLENGE_JURY: (paris(datetime.date(2017, 7, 4), 9), paris(datetime.date(2017, 7, 5), 18)),
    Kind.APPLICATION_CALL: (paris(datetime.date(2017, 9, 27), 10), paris(datetime.date(2017, 10, 27), 17)),
    Kind.AUDITIONS: (paris(datetime.date(2017, 11, 14), 9), paris(datetime.date(2017, 11, 15), 19)),
    # "Les résultats définitifs sont annoncés avant le 15 décembre 2017."
    Kind.NOTIFICATION: (paris(datetime.date(2017, 11, 16), 9), paris(datetime.date(2017, 12, 14), 18)),
    Kind.PROGRAMME: (paris(datetime.date(2018, 1, 15), 9), paris(datetime.date(2018, 10, 31), 18)),
}


def _next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def current_calendar(now: datetime.datetime) -> dict[str, tuple[datetime.datetime, datetime.datetime | None]]:
    """The current promotion's phases, placed around `now` on Paris calendar days.

    Offsets are whole days from today's date in Paris and every time is a Paris
    wall-clock time, so the call for applications is open at `now` whatever the
    hour: it opened 12 days ago at 10:00 and closes in 21 days at 23:00.
    """
    today = now.astimezone(PARIS).date()

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    programme_start = _next_monday(day(98))
    return {
        Kind.CHALLENGE_CALL: (paris(day(-150), 9), paris(day(-100), 23)),
        Kind.CHALLENGE_JURY: (paris(day(-78), 9), paris(day(-77), 18)),
        Kind.APPLICATION_CALL: (paris(day(-12), 10), paris(day(21), 23)),
        Kind.AUDITIONS: (paris(day(42), 9), paris(day(46), 18)),
        Kind.NOTIFICATION: (paris(day(56), 10), paris(day(63), 18)),
        Kind.ANNOUNCEMENT: (paris(day(70), 10), None),
        # Ten months, from a Monday.
        Kind.PROGRAMME: (paris(programme_start, 9), paris(programme_start + datetime.timedelta(days=304), 18)),
    }


@dataclass
class DemoReport:
    """What `build_demo` wrote, for the command's summary and for tests."""

    now: datetime.datetime
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    current_promotion: str = ""
    current_year: int = 0
    application_call_closes: datetime.datetime | None = None
    application_call: str = ""
    previous_promotion: str = ""
    previous_year: int = 0
    running_promotion: str = ""
    running_year: int = 0
    finished_promotion: str = ""
    finished_year: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, role label)

    def lines(self) -> list[str]:
        c = self.counts
        closes = _fr_datetime(self.application_call_closes) if self.application_call_closes else "—"
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        lines = [
            f"Démonstration chargée en {seconds} s.",
            f"  Promotion EIG 2 (2018, terminée) : {c['challenges_promotion_2']} défis, "
            f"{c['positions_promotion_2']} postes, {c['fellows']} entrepreneur·es, "
            f"{c['mentors_promotion_2']} mentors.",
            f"  Promotion {self.current_promotion} ({self.current_year}, en recrutement) : "
            f"{c['challenges_current']} défis, {c['positions_current']} postes, {c['mentors_current']} mentors ; "
            f"appel à candidatures ouvert jusqu'au {closes}.",
            f"  « {self.application_call} » : {c['dossiers_submitted']} dossiers déposés, "
            f"{c['dossiers_draft']} brouillons, {c['dossiers_withdrawn']} retiré(s).",
            f"  Promotion {self.previous_promotion} ({self.previous_year}, en sélection) : "
            f"{c['challenges_previous']} défis, {c['positions_previous']} postes, {c['auditioned_previous']} "
            f"candidats auditionnés ; {c['selection_runs']} propositions d'équipes, dont "
            f"{c['selection_runs_frozen']} soumise(s) aux valideurs.",
            f"  Promotion {self.running_promotion} ({self.running_year}, en programme, "
            f"{_ordinal(c['programme_month'])} mois) : {c['teams_running']} équipes, {c['fellows_running']} "
            f"entrepreneur·es, {c['mentors_running']} mentors ; {c['retrospectives_running']} bilans hebdomadaires "
            f"déposés, {c['signals_pending']} signaux en attente et {c['signals_closed']} clos, "
            f"{c['mentor_notes']} notes de mentorat, {c['events']} événements dont {c['events_past']} passés ; "
            f"questionnaire à mi-parcours : {c['mid_term_responses']} réponses sur {c['mid_term_asked']} ; "
            f"réalisations : {c['deliverables_running']} publiées, {c['deliverables_to_review']} à relire, "
            f"{c['deliverables_returned']} renvoyée(s) à l'équipe.",
            f"  Promotion {self.finished_promotion} ({self.finished_year}, close) : {c['teams_finished']} équipes, "
            f"{c['deliverables_finished']} réalisations publiées ; devenir : {c['outcomes_continued']} poursuivis, "
            f"{c['outcomes_taken_over']} repris, {c['outcomes_stopped']} arrêté ; questionnaire de fin : "
            f"{c['survey_end_responses']} réponses sur {c['survey_end_asked']} ; {c['alumni']} anciens dont "
            f"{c['alumni_listed']} dans l'annuaire, {c['invitations_pending']} invitation(s) en attente ; récits : "
            f"{c['stories_published']} publié(s), {c['stories_proposed']} à relire.",
            f"  {c['administrations']} administrations, {c['phases']} étapes de calendrier, "
            f"{c['people']} personnes dont {c['private_people']} sans profil public, "
            f"{c['memberships']} participations, {c['key_figures']} chiffres clés, {c['achievements']} réalisations.",
            f"  Contenu : {c['pages']} pages, {c['news']} actualités, {c['tags']} étiquettes, "
            f"{c['faq']} questions fréquentes.",
            f"  {c['users']} comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :",
        ]
        lines += [f"    {email} — {label}" for email, label in self.accounts]
        return lines


def _ordinal(number: int) -> str:
    """« 1er », « 5e »: a French ordinal number."""
    return "1er" if number == 1 else f"{number}e"


def _fr_datetime(moment: datetime.datetime) -> str:
    local = moment.astimezone(PARIS)
    with translation.override("fr"):
        return f"{date_format(local, 'l j F Y')} à {local:%H} h {local:%M}"


def _en_datetime(moment: datetime.datetime) -> str:
    local = moment.astimezone(PARIS)
    with translation.override("en"):
        return f"{date_format(local, 'l j F Y')} at {local:%H:%M} (Paris time)"


def _fr_date(moment: datetime.datetime) -> str:
    with translation.override("fr"):
        return date_format(moment.astimezone(PARIS), "l j F Y")


def _en_date(moment: datetime.datetime) -> str:
    with translation.override("en"):
        return date_format(moment.astimezone(PARIS), "l j F Y")


def build_demo(now: datetime.datetime | None = None) -> DemoReport:
    """Create or update the whole demo world; return what it contains."""
    now = now or timezone.now()
    started = time.perf_counter()
    # Translated fields are written explicitly per language (`title_fr`, `title_en`);
    # French active keeps modeltranslation's lookups and fallbacks on French.
    with translation.override("fr"), transaction.atomic():
        report = _Builder(now).build()
    report.seconds = time.perf_counter() - started
    return report


class _Builder:
    def __init__(self, now):
        self.now = now
        self.profiles = {p.code: p for p in Profile.objects.all()}
        self.administrations: dict[str, Administration] = {}
        self.items: dict[int, data.ChallengeData] = {}  # challenge pk -> its data
        self.report = DemoReport(now=now)

    def build(self) -> DemoReport:
        self.programme, _ = Programme.objects.get_or_create(
            code="EIG",
            defaults={"name_fr": "Entrepreneurs d'intérêt général", "name_en": "Public Interest Entrepreneurs"},
        )
        self.build_administrations()
        self.calendar = current_calendar(self.now)
        promotion_2 = self.build_promotion(
            2, 2018, data.PROMOTION_2_DESCRIPTION, data.PROMOTION_2_DESCRIPTION_EN, PROMOTION_2_CALENDAR
        )
        current = self.build_promotion(
            data.CURRENT_PROMOTION_NUMBER,
            self.now.astimezone(PARIS).year,
            data.CURRENT_PROMOTION_DESCRIPTION,
            data.CURRENT_PROMOTION_DESCRIPTION_EN,
            self.calendar,
        )
        challenges_2 = self.build_challenges(promotion_2, data.PROMOTION_2_CHALLENGES, Challenge.Status.FINISHED)
        challenges_current = self.build_challenges(current, data.CURRENT_CHALLENGES, Challenge.Status.RECRUITING)
        # No calendar for the previous promotion: its phases would compete with the current ones
        # for « the current call » (promotions.queries.current_call).
        previous = self.build_promotion(
            data.CURRENT_PROMOTION_NUMBER - 1,
            self.now.astimezone(PARIS).year - 1,
            PREVIOUS_PROMOTION_DESCRIPTION,
            PREVIOUS_PROMOTION_DESCRIPTION_EN,
            {},
        )
        challenges_previous = self.build_challenges(previous, PREVIOUS_CHALLENGES, Challenge.Status.RECRUITING)
        # The running promotion (number − 2), in its fifth month: a programme phase only (programme.py).
        running_builder = ProgrammeBuilder(programme=self.programme, now=self.now)
        running = running_builder.build_promotion()
        challenges_running = self.build_challenges(running, RUNNING_CHALLENGES, Challenge.Status.IN_PROGRESS)
        # The finished promotion (number − 3), closed a few weeks ago (finished.py).
        finished_builder = FinishedBuilder(programme=self.programme, now=self.now)
        finished = finished_builder.build_promotion()
        challenges_finished = self.build_challenges(finished, FINISHED_CHALLENGES, finished_builder.challenge_status())
        self.people: set[str] = set()
        fellows = self.build_fellows(promotion_2, challenges_2)
        mentors_2 = self.build_mentors(promotion_2, challenges_2, first_index=100)
        mentors_current = self.build_mentors(current, challenges_current, first_index=200)
        mentors_previous = self.build_mentors(previous, challenges_previous, first_index=300)
        # Not the previous promotion's: publishing its teams (services.publish_promotion, in the
        # demo) adds fellows' memberships that a reload must keep.
        self.prune_memberships(challenges_2 + challenges_current)
        self.build_pages(current)
        self.build_news()
        self.build_faq()
        self.build_users()
        opens_at, closes_at = self.calendar[Kind.APPLICATION_CALL]
        call = ApplicationCallBuilder(promotion=current, opens_at=opens_at, closes_at=closes_at, now=self.now).build(
            get_user_model().objects.get(email=demo_email(Role.CANDIDATE))
        )
        challenge_opens, challenge_closes = self.calendar[Kind.CHALLENGE_CALL]
        users = get_user_model().objects
        ChallengeCallBuilder(
            promotion=current, opens_at=challenge_opens, closes_at=challenge_closes, now=self.now
        ).build(
            users.get(email=demo_email(Role.ADMINISTRATION_AGENT)),
            users.get(email=demo_email(Role.STAFF)),
            challenges_current[0].administration,
        )
        ReviewsBuilder(call=call, now=self.now).build(users.get(email=demo_email(Role.REVIEWER)))
        JuryBuilder(call=call, auditions_start=self.calendar[Kind.AUDITIONS][0], now=self.now).build(
            users.get(email=demo_email(Role.JURY_MEMBER)), users.get(email=demo_email(Role.STAFF))
        )
        previous_call = SelectionBuilder(promotion=previous, challenges=challenges_previous, now=self.now).build(
            users.get(email=demo_email(Role.CANDIDATE)), users.get(email=demo_email(Role.STAFF))
        )
        # The demo approver decides with two-factor authentication, as approvers must; the
        # programme team's pages and the admin require it too (security review F5).
        for role in (Role.APPROVER, Role.STAFF):
            with_demo_totp(users.get(email=demo_email(role)))
        programme_counts = running_builder.build(
            challenges_running,
            fellow=users.get(email=demo_email(Role.FELLOW)),
            mentor=users.get(email=demo_email(Role.MENTOR)),
            agent=users.get(email=demo_email(Role.ADMINISTRATION_AGENT)),
            staff=users.get(email=demo_email(Role.STAFF)),
        )
        programme_counts |= build_running_results(running, staff=users.get(email=demo_email(Role.STAFF)), now=self.now)
        programme_counts |= finished_builder.build(
            challenges_finished,
            staff=users.get(email=demo_email(Role.STAFF)),
            reviewer=users.get(email=demo_email(Role.REVIEWER)),
            call=call,
        )
        # Its call for applications, long closed: the funnel's later stages (finished_call.py).
        FinishedCallBuilder(finished, reviewer=users.get(email=demo_email(Role.REVIEWER))).build(
            staff=users.get(email=demo_email(Role.STAFF))
        )
        runs = SelectionRun.objects.filter(call=previous_call)
        dossiers = dict(
            Dossier.objects.filter(call=call).values_list("status").annotate(n=models.Count("pk")).order_by()
        )

        demo_challenges = challenges_2 + challenges_current + challenges_previous
        self.report.current_promotion = current.label
        self.report.current_year = current.year
        self.report.application_call_closes = self.calendar[Kind.APPLICATION_CALL][1]
        self.report.application_call = call.title
        self.report.previous_promotion = previous.label
        self.report.previous_year = previous.year
        self.report.running_promotion = running.label
        self.report.running_year = running.year
        self.report.finished_promotion = finished.label
        self.report.finished_year = finished.year
        self.report.counts = {
            "administrations": len(self.administrations),
            "phases": Phase.objects.filter(promotion__in=[promotion_2, current, previous, running]).count(),
            "challenges_promotion_2": len(challenges_2),
            "challenges_current": len(challenges_current),
            "positions_promotion_2": Position.objects.filter(challenge__promotion=promotion_2).count(),
            "positions_current": Position.objects.filter(challenge__promotion=current).count(),
            "fellows": fellows,
            "mentors_promotion_2": mentors_2,
            "mentors_current": mentors_current,
            "challenges_previous": len(challenges_previous),
            "positions_previous": Position.objects.filter(challenge__promotion=previous).count(),
            "mentors_previous": mentors_previous,
            "auditioned_previous": Audition.objects.filter(jury__call=previous_call).count(),
            "selection_runs": runs.count(),
            "selection_runs_frozen": runs.filter(state=SelectionRun.State.FROZEN).count(),
            "people": len(self.people),
            "private_people": Person.objects.filter(slug__in=self.people, is_public=False).count(),
            "memberships": Membership.objects.filter(challenge__in=demo_challenges).count(),
            "key_figures": KeyFigure.objects.filter(challenge__in=demo_challenges).count(),
            "achievements": Achievement.objects.filter(challenge__in=demo_challenges).count(),
            "pages": 4,
            "news": len(data.NEWS),
            "tags": len(data.TAGS),
            "faq": len(data.FAQ),
            "users": len(DEMO_USERS),
            "dossiers_submitted": dossiers.get(Dossier.Status.SUBMITTED, 0),
            "dossiers_draft": dossiers.get(Dossier.Status.DRAFT, 0),
            "dossiers_withdrawn": dossiers.get(Dossier.Status.WITHDRAWN, 0),
            **programme_counts,
        }
        return self.report

    # --- Promotions and challenges ---------------------------------------------------

    def build_administrations(self):
        # Ministries come first in the data, so a parent always exists before its children.
        for item in data.ADMINISTRATIONS:
            self.administrations[item.slug], _ = Administration.objects.update_or_create(
                slug=item.slug,
                defaults={
                    "name": item.name,
                    "kind": item.kind,
                    "parent_ministry": self.administrations[item.parent] if item.parent else None,
                    "town": item.town,
                    "website": item.website,
                },
            )

    def build_promotion(self, number, year, description, description_en, calendar):
        label = f"{self.programme.code} {number}"
        promotion, _ = Promotion.objects.update_or_create(
            programme=self.programme,
            number=number,
            defaults={
                "year": year,
                "slug": slugify(label),
                "title_fr": label,
                "title_en": label,
                "description_fr": description,
                "description_en": description_en,
                "is_published": True,
            },
        )
        for kind, (starts_at, ends_at) in calendar.items():
            Phase.objects.update_or_create(
                promotion=promotion, kind=kind, defaults={"starts_at": starts_at, "ends_at": ends_at}
            )
        promotion.phases.exclude(kind__in=list(calendar)).delete()
        return promotion

    def build_challenges(self, promotion, items, status):
        challenges = []
        for item in items:
            challenge, _ = Challenge.objects.update_or_create(
                promotion=promotion,
                slug=item.slug,
                defaults={
                    "title_fr": item.title,
                    "title_en": item.title_en,
                    "summary_fr": item.summary,
                    "summary_en": item.summary_en,
                    "body_fr": item.body,
                    "body_en": item.body_en,
                    "administration": self.administrations[item.administration],
                    "town": item.town,
                    "duration_months": 10,
                    "status": status,
                    "source_code_url": item.source_code_url,
                    "website_url": item.website_url,
                    "is_featured": item.is_featured,
                },
            )
            challenge.profiles.set([self.profiles[code] for code in item.profiles])
            self._children(
                challenge,
                Position,
                [
                    {
                        "profile": self.profiles[p.profile],
                        "mission_fr": p.mission,
                        "mission_en": "",
                        "skills_fr": p.skills,
                        "skills_en": "",
                    }
                    for p in item.positions
                ],
            )
            self._children(
                challenge,
                KeyFigure,
                [
                    {"amount": f.amount, "description_fr": f.description, "description_en": f.description_en}
                    for f in item.key_figures
                ],
            )
            self._children(
                challenge,
                Achievement,
                [
                    {
                        "title_fr": a.title,
                        "title_en": a.title_en,
                        "description_fr": a.description,
                        "description_en": a.description_en,
                        "url": a.url,
                        "call_to_action_fr": a.call_to_action,
                        "call_to_action_en": "",
                    }
                    for a in item.achievements
                ],
            )
            self.items[challenge.pk] = item
            challenges.append(challenge)
        return challenges

    @staticmethod
    def _children(challenge, model, rows):
        """Ordered children of a challenge, keyed on (challenge, order); extra rows deleted, except
        those the results' services made (a published deliverable's achievement, a sourced figure)."""
        kept = []
        for order, values in enumerate(rows, start=1):
            obj, _ = model.objects.update_or_create(challenge=challenge, order=order, defaults=values)
            kept.append(obj.pk)
        extra = model.objects.filter(challenge=challenge).exclude(pk__in=kept)
        if model is Achievement:
            extra = extra.filter(deliverable__isnull=True)
        elif model is KeyFigure:
            extra = extra.filter(source="")
        extra.delete()

    # --- People ----------------------------------------------------------------------

    def _person(self, index, *, role, promotion, bio, profile=None):
        name = data.fictional_name(index)
        slug = slugify(name)
        if slug in self.people:
            raise ValueError(f"Two demo people share the slug {slug!r}")
        self.people.add(slug)
        person, _ = Person.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "role": role,
                "profile": profile,
                "bio": f"{bio}\n\n{data.BIO_NOTICE}",
                "links": [],
                # Consent handling: some people did not agree to a public profile.
                "is_public": index % data.PRIVATE_EVERY != 3,
            },
        )
        person.promotions.set([promotion])
        return person

    def _member(self, person, challenge, role, order):
        membership, _ = Membership.objects.update_or_create(
            person=person, challenge=challenge, role=role, defaults={"order": order}
        )
        self.memberships.append(membership.pk)

    def build_fellows(self, promotion, challenges):
        """One fictional fellow per seat of promotion 2: its 28 positions are all filled."""
        self.memberships = []
        index = 0
        for challenge in challenges:
            for order, position in enumerate(self.items[challenge.pk].positions, start=1):
                profile = self.profiles[position.profile]
                bio = data.BIO_FELLOW.format(
                    profile=profile.label, promotion=promotion.label, challenge=challenge.title
                )
                person = self._person(index, role=Person.Role.FELLOW, promotion=promotion, bio=bio, profile=profile)
                self._member(person, challenge, Membership.Role.FELLOW, order)
                index += 1
        return index

    def build_mentors(self, promotion, challenges, *, first_index):
        """An operational and a high-level mentor per challenge."""
        count = 0
        for i, challenge in enumerate(challenges):
            context = {"challenge": challenge.title, "administration": challenge.administration.name}
            for offset, (role, bio, order) in enumerate(
                [
                    (Membership.Role.OPERATIONAL_MENTOR, data.BIO_OPERATIONAL_MENTOR, 10),
                    (Membership.Role.HIGH_LEVEL_MENTOR, data.BIO_HIGH_LEVEL_MENTOR, 11),
                ]
            ):
                person = self._person(
                    first_index + 2 * i + offset,
                    role=Person.Role.MENTOR,
                    promotion=promotion,
                    bio=bio.format(**context),
                )
                self._member(person, challenge, role, order)
                count += 1
        return count

    def prune_memberships(self, challenges):
        Membership.objects.filter(challenge__in=challenges).exclude(pk__in=self.memberships).delete()

    # --- Content ---------------------------------------------------------------------

    def _page(self, item: data.PageData):
        Page.objects.update_or_create(
            slug=item.slug,
            defaults={
                "kind": item.kind,
                "title_fr": item.title,
                "title_en": item.title_en,
                "summary_fr": item.summary,
                "summary_en": item.summary_en,
                "body_fr": item.body,
                "body_en": item.body_en,
                "is_published": True,
            },
        )

    def build_pages(self, current):
        for item in (data.PROGRAMME_PAGE, data.CANDIDATES_PAGE, data.ADMINISTRATIONS_PAGE):
            self._page(item)
        self._page(self.rules_page(current))

    def rules_page(self, current) -> data.PageData:
        """The current call's rules, with its dates and challenges filled in."""
        cal = self.calendar
        challenges = sorted(data.CURRENT_CHALLENGES, key=lambda c: c.title)
        names = {a.slug: a.name for a in data.ADMINISTRATIONS}
        fr = {
            "number": current.number,
            "opens": _fr_datetime(cal[Kind.APPLICATION_CALL][0]),
            "closes": _fr_datetime(cal[Kind.APPLICATION_CALL][1]),
            "auditions_start": _fr_date(cal[Kind.AUDITIONS][0]),
            "auditions_end": _fr_date(cal[Kind.AUDITIONS][1]),
            "notification": _fr_date(cal[Kind.NOTIFICATION][1]),
            "programme_start": _fr_date(cal[Kind.PROGRAMME][0]),
            "challenges": "\n".join(
                f"{i}. **{c.title}** : {c.summary} — {names[c.administration]}" for i, c in enumerate(challenges, 1)
            ),
        }
        en = {
            "number": current.number,
            "opens": _en_datetime(cal[Kind.APPLICATION_CALL][0]),
            "closes": _en_datetime(cal[Kind.APPLICATION_CALL][1]),
            "auditions_start": _en_date(cal[Kind.AUDITIONS][0]),
            "auditions_end": _en_date(cal[Kind.AUDITIONS][1]),
            "notification": _en_date(cal[Kind.NOTIFICATION][1]),
            "programme_start": _en_date(cal[Kind.PROGRAMME][0]),
            "challenges": "\n".join(
                f"{i}. **{c.title_en}**: {c.summary_en} — {names[c.administration]}"
                for i, c in enumerate(challenges, 1)
            ),
        }
        return data.PageData(
            slug=data.RULES_PAGE_SLUG,
            kind="rules",
            title=data.RULES_PAGE_TITLE.format(**fr),
            title_en=data.RULES_PAGE_TITLE_EN.format(**en),
            summary=data.RULES_PAGE_SUMMARY.format(**fr),
            summary_en=data.RULES_PAGE_SUMMARY_EN.format(**en),
            body=data.RULES_PAGE_BODY.format(**fr),
            body_en=data.RULES_PAGE_BODY_EN.format(**en),
        )

    def build_news(self):
        tags = {
            slug: Tag.objects.update_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in data.TAGS.items()
        }
        relative = {
            "application_call": self.calendar[Kind.APPLICATION_CALL][0],
            # The selected challenges are announced a week after the jury.
            "challenge_jury": self.calendar[Kind.CHALLENGE_JURY][1] + datetime.timedelta(days=7),
        }
        for item in data.NEWS:
            if item.published_on:
                published_on = datetime.date.fromisoformat(item.published_on)
            else:
                published_on = relative[item.relative_to].astimezone(PARIS).date()
            post, _ = NewsPost.objects.update_or_create(
                slug=item.slug,
                defaults={
                    "title_fr": item.title,
                    "title_en": item.title_en,
                    "description_fr": item.description,
                    "description_en": item.description_en,
                    "body_fr": item.body,
                    "body_en": item.body_en,
                    "published_on": published_on,
                    "author": "Équipe du programme",
                    "is_draft": False,
                },
            )
            post.tags.set([tags[slug] for slug in item.tags])

    def build_faq(self):
        for order, item in enumerate(data.FAQ, start=1):
            FAQEntry.objects.update_or_create(
                audience=item.audience,
                question_fr=item.question,
                defaults={
                    "question_en": item.question_en,
                    "answer_fr": item.answer,
                    "answer_en": item.answer_en,
                    "section": item.section,
                    "order": order,
                },
            )

    # --- Accounts --------------------------------------------------------------------

    def build_users(self):
        # One hash for all accounts: hashing is deliberately slow, and the
        # password is public anyway (it is printed on the demo home page).
        password = make_password(DEMO_PASSWORD)
        for role, first_name, last_name in DEMO_USERS:
            is_staff = role == Role.STAFF
            user, _ = get_user_model().objects.update_or_create(
                email=demo_email(role),
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "roles": [role.value],
                    "is_staff": is_staff,
                    "is_superuser": is_staff,
                    "is_active": True,
                    "password": password,
                },
            )
            # allauth lets an account sign in only once its address is verified.
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            self.report.accounts.append((demo_email(role), str(role.label)))
