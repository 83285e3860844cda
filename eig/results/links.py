"""The periodic check of the deliverables' links (`manage.py check_deliverable_links`).

Each published or proposed deliverable's address is asked with a HEAD request (a GET when the
server refuses HEAD or answers it with an error: some do), within a bounded time, following at
most `MAX_REDIRECTS` redirections by hand. A link answers (status under 400) or is dead (an error
status, no answer in time, no connection…). The deliverable keeps the last visit: `link_state`,
`link_checked_at`, `link_error` (in French, for the programme team's page) and `dead_since`, the
first check that found it dead; a link that turns dead is logged (`deliverable.link_dead`), once.

The checker asks public addresses only: a host that resolves to a private, loopback, link-local or
reserved address is not asked (a typed address must not make the platform probe its own network),
and neither is any redirection to one. The body of an answer is never read.

The state is written with `QuerySet.update`: it is the programme team's information, never on a
public page, so a nightly check does not empty the public pages' cache (eig/core/pagecache.py).
"""

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.core.activity import log_activity

from .models import Deliverable

TIMEOUT = 10  # seconds, for the connection and for each read
MAX_REDIRECTS = 5
USER_AGENT = "EIG-verificateur-de-liens/1.0 (+https://eig.etalab.gouv.fr)"
# The deliverables checked: those on the public page and those the programme team is to read.
CHECKED = [Deliverable.Status.PUBLISHED, Deliverable.Status.PROPOSED]
ERROR_MAX = 300


@dataclass(frozen=True)
class Probe:
    """What one address answered: alive, or the French reason it is dead."""

    alive: bool
    error: str = ""


Resolver = Callable[[str], Iterable[str]]


def resolve(host: str) -> list[str]:
    """The host's IP addresses (empty when the name does not resolve)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)})
    except (OSError, UnicodeError):
        return []


def _not_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return not ip.is_global or ip.is_multicast


def _refused(url: str, resolver: Resolver) -> str:
    """Why the checker does not ask this address, or ""."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return _("adresse non web")
    addresses = list(resolver(parts.hostname))
    if not addresses:
        return _("nom de domaine inconnu")
    if any(_not_public(address) for address in addresses):
        return _("adresse non publique, non vérifiée")
    return ""


def probe(url: str, *, session=None, timeout: float = TIMEOUT, resolver: Resolver | None = None) -> Probe:
    """Ask the address (HEAD, else GET) and follow its redirections: alive, or why it is dead."""
    session = session or requests.Session()
    resolver = resolver or resolve
    headers = {"User-Agent": USER_AGENT}
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        refused = _refused(current, resolver)
        if refused:
            return Probe(False, refused)
        try:
            response = session.head(current, timeout=timeout, allow_redirects=False, headers=headers)
            if response.status_code >= 400:
                # Some servers refuse HEAD (405, 403, even 404): a GET says what a visitor gets.
                response = session.get(current, timeout=timeout, allow_redirects=False, headers=headers, stream=True)
                response.close()
        except requests.Timeout:
            return Probe(False, _("pas de réponse en %(seconds)s secondes") % {"seconds": timeout})
        except requests.exceptions.SSLError:
            return Probe(False, _("certificat de sécurité refusé"))
        except requests.ConnectionError:
            return Probe(False, _("connexion impossible"))
        except requests.RequestException as error:
            return Probe(False, _("erreur de la requête (%(kind)s)") % {"kind": type(error).__name__})
        location = response.headers.get("Location") if 300 <= response.status_code < 400 else None
        if location:
            current = urljoin(current, location)
            continue
        if response.status_code < 400:
            return Probe(True)
        return Probe(False, _("réponse HTTP %(status)s") % {"status": response.status_code})
    return Probe(False, _("trop de redirections (plus de %(max)s)") % {"max": MAX_REDIRECTS})


@dataclass
class Report:
    checked: int = 0
    alive: int = 0
    dead: list = field(default_factory=list)  # the dead deliverables, with their fresh state
    newly_dead: list = field(default_factory=list)


def to_check():
    return (
        Deliverable.objects.filter(status__in=CHECKED)
        .select_related("challenge__promotion")
        .order_by("challenge__promotion__slug", "challenge__title", "id")
    )


def check_links(
    deliverables=None, *, now=None, timeout: float = TIMEOUT, prober: Callable[[str], Probe] | None = None
) -> Report:
    """Check each deliverable's link (published and proposed ones by default) and record what it
    answered; the report counts them and lists the dead ones."""
    now = now or timezone.now()
    if prober is None:
        session = requests.Session()

        def prober(url):
            return probe(url, session=session, timeout=timeout)

    report = Report()
    for deliverable in to_check() if deliverables is None else deliverables:
        result = prober(deliverable.url)
        report.checked += 1
        was_dead = deliverable.link_state == Deliverable.LinkState.DEAD
        if result.alive:
            report.alive += 1
            values = {"link_state": Deliverable.LinkState.ALIVE, "link_error": "", "dead_since": None}
        else:
            values = {
                "link_state": Deliverable.LinkState.DEAD,
                "link_error": result.error[:ERROR_MAX],
                "dead_since": deliverable.dead_since if was_dead and deliverable.dead_since else now,
            }
        values["link_checked_at"] = now
        Deliverable.objects.filter(pk=deliverable.pk).update(**values)
        for name, value in values.items():
            setattr(deliverable, name, value)
        if not result.alive:
            report.dead.append(deliverable)
            if not was_dead:
                report.newly_dead.append(deliverable)
                log_activity(
                    "deliverable.link_dead",
                    deliverable,
                    challenge=deliverable.challenge.title,
                    url=deliverable.url,
                    error=values["link_error"],
                )
    return report
