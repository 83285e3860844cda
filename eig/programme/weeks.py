"""The weeks of the programme: a week is its Monday; its label is the ISO week (« 2027-W07 »),
the period of a weekly retrospective's dossier."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


def current_week(now=None) -> datetime.date:
    """This week's Monday, by the calendar of Paris (TIME_ZONE)."""
    return week_of(timezone.localdate(now or timezone.now()))


def period_of(week: datetime.date) -> str:
    """The ISO week of a day: « 2027-W07 » (`date.isocalendar()`)."""
    year, number, _day = week.isocalendar()
    return f"{year}-W{number:02d}"


def week_from_period(period: str) -> datetime.date | None:
    """The Monday of an ISO week « 2027-W07 »; None when the text is not one."""
    try:
        year, number = str(period).split("-W")
        return datetime.date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        return None


def week_label(week: datetime.date) -> str:
    """« semaine du 15 février 2027 », in the active language."""
    return _("semaine du %(date)s") % {"date": formats.date_format(week, "j F Y")}
