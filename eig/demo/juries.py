"""The demo's candidate jury: auditions planned at the promotion's auditions phase.

The submitted dossiers of the open call are to be auditioned by two panels on
the first day of the auditions phase (a morning and an afternoon, two rooms).
The demo juror has signed the charter, keeps time for the first panel and can
read its dossiers, take notes and fill the collective grid; staff can form the
panels again, compute the timetable, move a slot and send the convocations.
The panels are written directly (deterministic); the timetable comes from the
engine, as staff would get it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from eig.accounts.models import Role
from eig.calls.models import Dossier
from eig.juries import publicity, services
from eig.juries.models import Audition, HalfDay, Juror, Jury, Panel, PanelMember, Room

from .reviews import with_demo_totp

PARIS = ZoneInfo("Europe/Paris")
FICTIONAL_DOMAIN = "jury.demo.eig.example"

# Fictional jurors: (first name, last name, organisation, type, gender).
FICTIONAL_JURORS = [
    ("Claire", "Morel", "Direction interministérielle du numérique", "administration", "f"),
    ("Yann", "Le Gall", "Croix-Rouge française", "association", "m"),
    ("Inès", "Benhamou", "Université de Lille", "research", "f"),
    ("Marc", "Dupuis", "Coopérative numérique", "entrepreneurship", "m"),
    ("Sarah", "Nguyen", "Ancienne EIG, promotion 3", "alumni", "f"),
    ("Thomas", "Lefebvre", "Ministère de l'Intérieur", "administration", "m"),
    ("Amélie", "Roux", "Fondation pour l'inclusion", "association", "f"),
    ("Karim", "Saïdi", "Ancien EIG, promotion 2", "alumni", "m"),
    ("Julie", "Bernard", "Programme EIG", "programme", "f"),
]

# The fictional jurors who agreed to be named on the promotion's public jury page (eig.juries.publicity),
# with the function they gave; the demo juror has not chosen yet: a visitor tries it from « Mon jury ».
PUBLIC_ROLES = {
    "Claire Morel": "Cheffe du pôle données",
    "Yann Le Gall": "Responsable de l'innovation sociale",
    "Inès Benhamou": "Maîtresse de conférences en informatique",
    "Julie Bernard": "Responsable du programme",
}


def fictional_juror(jury: Jury, person: tuple, *, password: str, charter_at) -> Juror:
    """One of FICTIONAL_JURORS seated in the jury, charter signed (their account never signs in)."""
    first, last, organisation, kind, gender = person
    email = f"{first.lower()}.{last.lower().replace(' ', '-')}@{FICTIONAL_DOMAIN}"
    user, _ = get_user_model().objects.get_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "roles": [Role.JURY_MEMBER.value], "password": password},
    )
    juror, _ = Juror.objects.update_or_create(
        jury=jury,
        email=email,
        defaults={
            "name": f"{first} {last}",
            "user": user,
            "type": kind,
            "gender": gender,
            "organisation": organisation,
            "charter_accepted_at": charter_at,
        },
    )
    return juror


class JuryBuilder:
    def __init__(self, *, call, auditions_start, now):
        self.call = call
        self.day = auditions_start.astimezone(PARIS).date()
        while self.day.weekday() >= 5:  # auditions on a working day
            self.day += datetime.timedelta(days=1)
        self.now = now

    def _at(self, hour, minute=0):
        return datetime.datetime.combine(self.day, datetime.time(hour, minute), tzinfo=PARIS)

    def build(self, demo_juror_user, staff):
        jury = services.create_jury(self.call, by=staff)
        Jury.objects.filter(pk=jury.pk).update(panels_wanted=2, panel_size_min=4, panel_size_max=6, items_max=8)
        jury.refresh_from_db()
        if jury.panels.exists():
            return jury
        morning, _ = HalfDay.objects.get_or_create(jury=jury, starts_at=self._at(9), defaults={"ends_at": self._at(13)})
        afternoon, _ = HalfDay.objects.get_or_create(
            jury=jury, starts_at=self._at(14), defaults={"ends_at": self._at(18)}
        )
        rooms = [
            Room.objects.get_or_create(jury=jury, name=name, defaults={"location": location})[0]
            for name, location in (
                ("Salle Lovelace", "20 avenue de Ségur, Paris"),
                ("Salle Hopper", "20 avenue de Ségur, Paris"),
            )
        ]
        with_demo_totp(demo_juror_user)
        demo_juror, _ = Juror.objects.update_or_create(
            jury=jury,
            email=demo_juror_user.email,
            defaults={
                "name": str(demo_juror_user),
                "user": demo_juror_user,
                "type": Juror.Type.ADMINISTRATION,
                "gender": Juror.Gender.MALE,
                "organisation": "Ministère de la Transition écologique",
                "charter_accepted_at": self.now,
            },
        )
        jurors = [demo_juror]
        password = make_password(None)  # fictional people never sign in
        for person in FICTIONAL_JURORS:
            juror = fictional_juror(jury, person, password=password, charter_at=self.now)
            if juror.name in PUBLIC_ROLES:
                juror = publicity.give_consent(
                    juror, by=juror.user, role=PUBLIC_ROLES[juror.name], organisation=juror.organisation, now=self.now
                )
            jurors.append(juror)
        for juror in jurors:
            juror.available.set([morning, afternoon])
        submitted = list(Dossier.objects.filter(call=self.call, status=Dossier.Status.SUBMITTED).order_by("number"))
        services.add_auditions(jury, submitted[:8], by=staff)
        auditions = list(jury.auditions.order_by("dossier__number"))
        # Two balanced panels of five, as the panel audit judges them (eig.engines.panel_audit):
        # 3 women and 2 men, then 2 and 3, each mixing four types of profile. The demo juror
        # (a man, administration) keeps time for the first.
        first = [jurors[k] for k in (0, 1, 3, 4, 5)]
        second = [j for j in jurors if j not in first]
        halves = [(morning, rooms[0], first), (afternoon, rooms[1], second)]
        for index, (half_day, room, members) in enumerate(halves, start=1):
            panel = Panel.objects.create(jury=jury, index=index, half_day=half_day, room=room)
            PanelMember.objects.bulk_create(PanelMember(panel=panel, juror=j) for j in members)
            panel.timekeeper = members[0]
            panel.explanation = services.describe_balance(
                services.panel_instance(jury)[0], [services._jid(j.pk) for j in members]
            )
            panel.save(update_fields=["timekeeper", "explanation"])
            Audition.objects.filter(pk__in=[a.pk for a in auditions[index - 1 :: 2]]).update(panel=panel)
        services.schedule(jury, by=staff)
        return jury
