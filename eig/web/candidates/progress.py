"""What the candidate's own pages show about their dossiers: the wishes' window, the timeline
and the status of « Mon espace ». Reads only; the state changes are eig.calls services; the
steps and the checklist are eig.calls.navigation's."""

from dataclasses import dataclass

from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.applications.models import WishWindow
from eig.applications.queries import wishes_in_dossier
from eig.calls.models import Call, ComplementRequest, Dossier, DossierVersion
from eig.calls.reading import has_newer_draft
from eig.calls.states import DOSSIER
from eig.core import prepared
from eig.core.shared_values import request_version, shared_value
from eig.selection.models import Offer, Outcome
from eig.selection.states import OFFER
from eig.web.dossiers.progress import is_editable


def wishes_editable(dossier: Dossier, now=None) -> bool:
    now = now or timezone.now()
    if not DOSSIER.is_in(dossier.status, "editable"):
        return False
    if wishes_in_dossier(dossier.call):
        return dossier.call.is_open(now)
    window = WishWindow.objects.filter(dossier=dossier).first()
    return window is not None and now < window.closes_at


@dataclass
class Event:
    at: object
    label: str


def timeline(dossier: Dossier, versions=None) -> list[Event]:
    """The dated events of a dossier, oldest first, for « Mon espace »."""
    versions = (
        list(dossier.versions.order_by("number")) if versions is None else sorted(versions, key=lambda v: v.number)
    )
    events = [Event(dossier.created_at, _("Dossier commencé"))]
    for version in versions:
        label = (
            _("Dossier déposé")
            if version.number == 1
            else _("Dossier modifié et déposé à nouveau (version %(n)d)") % {"n": version.number}
        )
        events.append(Event(version.submitted_at, label))
    if dossier.status == Dossier.Status.WITHDRAWN:
        events.append(Event(dossier.updated_at, _("Dossier retiré")))
    return events


@dataclass
class Status:
    """What a dossier's card and page say of it: one label, its stage among 1 draft, 2 submitted,
    3 under review, 4 result (0: no stepper, for a withdrawn or never-submitted dossier) and a
    badge colour, so that the two never contradict each other or the dossier."""

    label: str
    stage: int
    badge: str = "info"  # a DSFR badge: info, success, warning, error, new


def status_of(dossier: Dossier, offers=(), outcomes=(), now=None, *, unsubmitted_changes=False) -> Status:
    """The dossier's state as its owner reads it, the selection's answer first.

    `offers` and `outcomes`: what the person was told (eig.selection.queries.offers_for,
    eig.web.candidates.offers.outcomes_for), newest first; only those of this dossier count.
    An offer says more than the decision behind it (a waiting-list candidate may receive one),
    so the newest offer wins over any decision. `unsubmitted_changes`: the dossier was edited
    since its last submit (eig.calls.reading.has_newer_draft); readers still see the submitted version.
    """
    offer = next((o for o in offers if o.dossier_id == dossier.pk), None)
    if offer is not None:
        challenge = offer.position.challenge.title
        labels = {
            Offer.Status.PENDING: _("Proposition de poste — défi %(challenge)s : réponse attendue"),
            Offer.Status.ACCEPTED: _("Offre acceptée — défi %(challenge)s"),
            Offer.Status.DECLINED: _("Offre déclinée — défi %(challenge)s"),
            Offer.Status.EXPIRED: _("Offre expirée sans réponse — défi %(challenge)s"),
            Offer.Status.WITHDRAWN: _("Proposition retirée — défi %(challenge)s"),
        }
        # The words name the challenge for the candidate; the colour is the offer's, as on every page.
        return Status(labels[offer.status] % {"challenge": challenge}, 4, OFFER.badge(offer.status))
    outcome = next((o for o in outcomes if o.dossier_id == dossier.pk), None)
    if outcome is not None:
        label, badge = {
            Outcome.Decision.LAUREATE: (_("Retenu ou retenue : proposition de poste à venir"), "success"),
            Outcome.Decision.WAITING_LIST: (_("Sur liste d'attente"), "warning"),
            Outcome.Decision.REFUSED: (_("Candidature non retenue"), "error"),
        }[outcome.decision]
        return Status(label, 4, badge)
    if dossier.status == Dossier.Status.WITHDRAWN:
        return Status(DOSSIER.label(dossier.status), 0, DOSSIER.badge(dossier.status))
    is_open = dossier.call.is_open(now)
    if dossier.status == Dossier.Status.SUBMITTED:
        if is_open and unsubmitted_changes:
            return Status(_("Déposé — vos dernières modifications ne sont pas déposées"), 2, "warning")
        if is_open:
            return Status(_("Déposé, modifiable jusqu'à la clôture"), 2, "success")
        return Status(_("Déposé — en cours d'examen"), 3, "info")
    if is_open:
        return Status(_("Brouillon en cours"), 1, "info")
    return Status(_("Non déposé avant la clôture de l'appel"), 0, "warning")


# « Mon espace » is the page every candidate opens on a deadline evening. Its dossiers are read in raw SQL
# built once per database from the models' metadata (eig.core.prepared.built_once): the same query through
# the ORM, with its three EXISTS, cost about 1.4 ms of CPU to build for a few rows, seven times running it
# (request-cost benchmark).


def _own_dossiers_sql(connection) -> str:
    q = connection.ops.quote_name

    def col(model, name):
        return prepared.column(model, name, connection)

    def exists(model, extra=""):
        return (
            f"EXISTS (SELECT 1 FROM {q(model._meta.db_table)} x"  # noqa: S608 (names from the models)
            f" WHERE x.{col(model, 'dossier')} = d.{col(Dossier, 'id')}{extra})"
        )

    open_complement = (
        f" AND x.{col(ComplementRequest, 'answered_at')} IS NULL AND x.{col(ComplementRequest, 'due_at')} > %s"
    )
    columns = ", ".join(f"d.{q(field.column)}" for field in Dossier._meta.concrete_fields)
    form_version = (
        f"(SELECT c.{col(Call, 'form_version')} FROM {q(Call._meta.db_table)} c"  # noqa: S608 (names from the models)
        f" WHERE c.{col(Call, 'id')} = d.{col(Dossier, 'call')}) AS call_form_version"
    )
    return (
        f"SELECT {columns}, {form_version}, {exists(Offer)} AS has_offer, {exists(Outcome)} AS has_outcome,"  # noqa: S608 (names from the models)
        f" {exists(ComplementRequest, open_complement)} AS has_open_complement"
        f" FROM {q(Dossier._meta.db_table)} d"
        f" WHERE d.{col(Dossier, 'owner')} = %s AND d.{col(Dossier, 'shared')} = %s"
        f" ORDER BY d.{col(Dossier, 'created_at')} DESC"
    )


def _versions_sql(connection) -> str:
    """The versions of some dossiers without their content; `IN ` is followed by the dossiers' placeholders."""
    columns = ", ".join(
        prepared.column(DossierVersion, name, connection)
        for name in ("id", "dossier", "number", "submitted_at", "digest")
    )
    return (
        f"SELECT {columns} FROM {connection.ops.quote_name(DossierVersion._meta.db_table)}"  # noqa: S608 (names from the models)
        f" WHERE {prepared.column(DossierVersion, 'dossier', connection)} IN "
    )


def own_dossiers(request, now=None) -> list[Dossier]:
    """The signed-in person's own dossiers, newest first, each with its call; the submitted ones with their
    versions in `submitted_versions` (without their content: the timeline reads numbers, dates and digests).
    Each says, in the same query, whether it has an offer (`has_offer`), a decision told (`has_outcome`) or a
    request for complement still open (`has_open_complement`): « Mon espace » reads those only when there is
    one to show. The calls are the process's (open_application_calls): a person who never submitted costs
    one query."""
    now = now or timezone.now()
    connection = connections[router.db_for_read(Dossier)]
    params = [connection.ops.adapt_datetimefield_value(now), request.user.pk, False]
    sql = prepared.built_once("own-dossiers", connection, _own_dossiers_sql)
    dossiers = list(Dossier.objects.db_manager(connection.alias).raw(sql, params))
    calls = {call.pk: call for call in application_calls(request)}
    # A call this process does not keep (made since, or another kind), or whose form changed since it was kept
    # (the form's version moves without the public content's: eig.calls.structure), is read now.
    missing = {
        d.call_id for d in dossiers if d.call_id not in calls or calls[d.call_id].form_version != d.call_form_version
    }
    if missing:
        calls = {**calls, **{c.pk: c for c in Call.objects.filter(pk__in=missing).select_related("promotion")}}
    submitted = {}
    for dossier in dossiers:
        dossier.call = calls[dossier.call_id]
        dossier.submitted_versions = []
        if dossier.version:  # the number of its latest version (submit_dossier)
            submitted[dossier.pk] = dossier
    if submitted:
        sql = prepared.built_once("own-versions", connection, _versions_sql)
        sql += "(" + ", ".join(["%s"] * len(submitted)) + ")"
        for version in DossierVersion.objects.db_manager(connection.alias).raw(sql, list(submitted)):
            submitted[version.dossier_id].submitted_versions.append(version)
    return dossiers


def told(dossiers, flag: str) -> bool:
    """Whether one of the dossiers (own_dossiers) has an offer (`has_offer`), a decision told (`has_outcome`)
    or a request for complement still open (`has_open_complement`)."""
    return any(getattr(d, flag) for d in dossiers)


def timelines(dossiers, offers=(), outcomes=()) -> list[dict]:
    """The person's dossiers (`own_dossiers`) for « Mon espace », each with its events and its Status."""
    items = []
    for d in dossiers:
        versions = d.submitted_versions
        # Only an open call's submitted dossier can still be resubmitted: only there is a draft worth telling.
        unsubmitted = (
            d.status == Dossier.Status.SUBMITTED
            and d.call.is_open()
            and has_newer_draft(d, max(versions, key=lambda v: v.number, default=None))
        )
        items.append(
            {
                "dossier": d,
                "events": timeline(d, versions),
                "status": status_of(d, offers, outcomes, unsubmitted_changes=unsubmitted),
                "unsubmitted_changes": unsubmitted,
                "editable": is_editable(d),
            }
        )
    return items


def application_calls(request) -> tuple[Call, ...]:
    """Every call for applications, with its promotion. Calls are public content: the rows are kept per
    process under the public content version (eig.core.shared_values), shared by the requests: read them,
    never change them."""

    def read():
        return tuple(Call.objects.filter(kind=Call.Kind.APPLICATIONS).select_related("promotion"))

    return shared_value("application-calls", request_version(request), read)


def open_application_calls(request, now=None) -> list[Call]:
    """The calls for applications open now (only the dates are compared per request)."""
    now = now or timezone.now()
    return [call for call in application_calls(request) if call.opens_at <= now < call.closes_at]


def open_calls_without_dossier(request, dossiers, now=None) -> list[Call]:
    """The open calls for applications where the person has no dossier yet (`dossiers`: own_dossiers)."""
    taken = {d.call_id for d in dossiers}
    return [call for call in open_application_calls(request, now) if call.pk not in taken]
