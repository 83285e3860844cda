"""Key figures computed, not typed (issue 16, point 2).

A challenge's figures come from what its team published (`Deliverable`, status « publié ») and
from its objectives (an objective is reached when its latest measure meets its target, in the
direction of the target from the baseline), followed by the figures staff add with their source
(`challenges.KeyFigure`, the former site's among them). A promotion's and the programme's figures
add up their challenges' computed figures; sourced figures are free text and stay on their
challenge's page.

Every function reads a fixed number of queries whatever the number of challenges (three), so a
list of challenges or a promotion's page keeps a flat query count.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eig.challenges.models import KeyFigure
from eig.programme.models import Measure, Objective

from .models import Deliverable


@dataclass(frozen=True)
class Figure:
    key: str  # "repositories", "datasets", "products", "users", "publications", "objectives", "sourced"
    amount: str  # as shown: « 3 », « 12 400 », « 2 sur 4 »
    label: str
    value: int | None = None  # the number behind the amount (None for a sourced figure)
    source: str = ""
    source_url: str = ""

    @property
    def is_computed(self) -> bool:
        return self.key != "sourced"


# The computed figures, in the order the pages show them: (key, deliverable kind or None).
COMPUTED = [
    ("repositories", Deliverable.Kind.REPOSITORY),
    ("datasets", Deliverable.Kind.DATASET),
    ("products", Deliverable.Kind.PRODUCT),
    ("users", None),
    ("publications", Deliverable.Kind.PUBLICATION),
    ("objectives", None),
]
SOURCE_COMPUTED = _("calculé à partir des réalisations publiées et des indicateurs de l'équipe")


def _label(key: str, n: int, total: int = 0) -> str:
    if key == "repositories":
        return ngettext("dépôt de code source ouvert", "dépôts de code source ouverts", n)
    if key == "datasets":
        return ngettext("jeu de données ouvert", "jeux de données ouverts", n)
    if key == "products":
        return ngettext("service en production", "services en production", n)
    if key == "users":
        return ngettext("utilisateur ou utilisatrice des services", "utilisateurs et utilisatrices des services", n)
    if key == "publications":
        return ngettext("publication ou intervention", "publications et interventions", n)
    if key == "objectives":
        return ngettext("objectif atteint", "objectifs atteints", n)
    raise ValueError(key)


def _number(n: int) -> str:
    """12400 → « 12 400 » (a narrow no-break space, as French typography writes it)."""
    return f"{n:,}".replace(",", "\u202f")


@dataclass
class Tally:
    """What the figures are computed from, for one challenge or added up over several."""

    counts: dict  # deliverable kind -> published count
    users: int = 0
    objectives: int = 0
    reached: int = 0

    def add(self, other: "Tally") -> None:
        for kind, n in other.counts.items():
            self.counts[kind] = self.counts.get(kind, 0) + n
        self.users += other.users
        self.objectives += other.objectives
        self.reached += other.reached

    def figures(self) -> list[Figure]:
        shown = []
        for key, kind in COMPUTED:
            if key == "users":
                n = self.users
            elif key == "objectives":
                if not self.objectives:
                    continue
                amount = _("%(reached)s sur %(total)s") % {
                    "reached": _number(self.reached),
                    "total": _number(self.objectives),
                }
                # « 1 sur 4 objectifs atteints »: the noun agrees with the total the amount names.
                shown.append(Figure(key, str(amount), _label(key, self.objectives), self.reached, str(SOURCE_COMPUTED)))
                continue
            else:
                n = self.counts.get(kind, 0)
            if n:
                shown.append(Figure(key, _number(n), _label(key, n), n, str(SOURCE_COMPUTED)))
        return shown


def reached(objective_target: float, baseline: float, latest: float | None) -> bool:
    """An objective is reached when its latest measure meets the target, going from the baseline
    towards it: at or above a target above the baseline, at or under a target below it."""
    if latest is None:
        return False
    if objective_target >= baseline:
        return latest >= objective_target
    return latest <= objective_target


def tallies(challenge_ids) -> dict[int, Tally]:
    """{challenge id: Tally} for these challenges (those with nothing get an empty Tally): two queries."""
    ids = list(challenge_ids)
    result = {pk: Tally(counts={}) for pk in ids}
    if not ids:
        return result
    published = Deliverable.objects.filter(challenge_id__in=ids, status=Deliverable.Status.PUBLISHED)
    for row in published.values("challenge_id", "kind").annotate(n=Count("id"), users=Sum("users")).order_by():
        tally = result[row["challenge_id"]]
        tally.counts[row["kind"]] = row["n"]
        if row["kind"] == Deliverable.Kind.PRODUCT:
            tally.users += row["users"] or 0
    latest = Measure.objects.filter(objective=OuterRef("pk")).order_by("-on", "-id").values("value")[:1]
    objectives = Objective.objects.filter(challenge_id__in=ids).annotate(latest=Subquery(latest))
    for objective in objectives.values("challenge_id", "target", "baseline", "latest").order_by():
        tally = result[objective["challenge_id"]]
        tally.objectives += 1
        tally.reached += reached(objective["target"], objective["baseline"], objective["latest"])
    return result


def _sourced_figure(figure: KeyFigure) -> Figure:
    return Figure("sourced", figure.amount, figure.description, None, figure.source, figure.source_url)


def sourced(challenge_ids) -> dict[int, list[Figure]]:
    """The figures staff added with their source (and the former site's), by challenge: one query."""
    result = defaultdict(list)
    for figure in KeyFigure.objects.filter(challenge_id__in=list(challenge_ids)).order_by("order", "id"):
        result[figure.challenge_id].append(_sourced_figure(figure))
    return result


def _each(ids, computed: dict, added: dict) -> dict[int, list[Figure]]:
    return {pk: computed[pk].figures() + added.get(pk, []) for pk in ids}


def _added_up(computed) -> list[Figure]:
    total = Tally(counts={})
    for tally in computed:
        total.add(tally)
    return total.figures()


def for_challenges(challenge_ids) -> dict[int, list[Figure]]:
    """Each challenge's figures: the computed ones, then the sourced ones (three queries)."""
    ids = list(challenge_ids)
    return _each(ids, tallies(ids), sourced(ids))


def for_challenge(challenge) -> list[Figure]:
    """One challenge's figures: three queries, two when its key figures are prefetched (its public page)."""
    prefetched = getattr(challenge, "_prefetched_objects_cache", {}).get("key_figures")
    if prefetched is None:
        return for_challenges([challenge.pk])[challenge.pk]
    added = [_sourced_figure(figure) for figure in sorted(prefetched, key=lambda f: (f.order, f.pk))]
    return tallies([challenge.pk])[challenge.pk].figures() + added


def totals(challenge_ids) -> list[Figure]:
    """The computed figures added up over these challenges (a promotion's, the programme's): two queries."""
    return _added_up(tallies(challenge_ids).values())


def for_challenges_with_totals(challenge_ids, total_ids) -> tuple[dict[int, list[Figure]], list[Figure]]:
    """`for_challenges(challenge_ids)` and `totals(total_ids)` from one reading of the tallies (a
    promotion's results page: its teams, and the figures of all its public challenges): three
    queries, and one more when `total_ids` is a query."""
    ids, total_ids = list(challenge_ids), list(total_ids)
    computed = tallies(dict.fromkeys([*ids, *total_ids]))
    return _each(ids, computed, sourced(ids)), _added_up(computed[pk] for pk in total_ids)
