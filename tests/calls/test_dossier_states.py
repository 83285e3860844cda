"""A dossier's states (eig/calls/states.py) are the rules the dossier engine follows: each move the
table allows, its service makes; each move it does not, its service refuses in French."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from eig.calls.models import Call, Dossier, Question, Step
from eig.calls.services import save_step, start_dossier, submit_dossier, withdraw_dossier
from eig.calls.states import DOSSIER
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from tests.factories import PromotionFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DURING = datetime.datetime(2024, 1, 20, 14, 0, tzinfo=PARIS)
STATES = Dossier.Status.values


@pytest.fixture
def dossier():
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        title="Appel",
        slug="appel",
        opens_at=DURING - datetime.timedelta(days=10),
        closes_at=DURING + datetime.timedelta(days=10),
        dossier_prefix="EIG",
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,  # questions only: the wishes are tests/applications'
    )
    step = Step.objects.create(call=call, order=1, slug="identite", title="Identité")
    Question.objects.create(step=step, order=1, key="nom", kind="short_text", label="Nom")
    owner = UserFactory()
    dossier = start_dossier(call, owner=owner, now=DURING)
    save_step(dossier, step, {"nom": "Lovelace"}, by=owner, now=DURING)
    return dossier


def put(dossier, state) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(status=state)
    dossier.refresh_from_db()
    return dossier


def test_a_dossier_starts_as_a_draft(dossier):
    assert dossier.status == Dossier.Status.DRAFT == Dossier._meta.get_field("status").default


@pytest.mark.parametrize("current", STATES)
def test_submitting_follows_the_table(dossier, current):
    put(dossier, current)
    if DOSSIER.can_move(current, Dossier.Status.SUBMITTED):
        version = submit_dossier(dossier, by=dossier.owner, now=DURING)
        dossier.refresh_from_db()
        assert (dossier.status, version.dossier_id) == (Dossier.Status.SUBMITTED, dossier.pk)
    else:
        with pytest.raises(DomainError, match="Ce dossier a été retiré : il ne peut plus être déposé."):
            submit_dossier(dossier, by=dossier.owner, now=DURING)
        assert put(dossier, current).versions.count() == 0


@pytest.mark.parametrize("current", STATES)
def test_withdrawing_follows_the_table_and_happens_once(dossier, current):
    put(dossier, current)
    withdraw_dossier(dossier, by=dossier.owner, now=DURING)
    logged = ActivityLog.objects.filter(verb="dossier.withdrawn", target_id=str(dossier.pk)).count()
    assert dossier.status == Dossier.Status.WITHDRAWN
    assert logged == (1 if DOSSIER.can_move(current, Dossier.Status.WITHDRAWN) else 0)


@pytest.mark.parametrize("current", STATES)
def test_only_an_editable_dossier_takes_answers(dossier, current):
    put(dossier, current)
    step = dossier.call.steps.get()
    if DOSSIER.is_in(current, "editable"):
        assert save_step(dossier, step, {"nom": "Byron"}, by=dossier.owner, now=DURING) == {}
        assert dossier.answers.get().value == "Byron"
    else:
        with pytest.raises(DomainError, match="Ce dossier a été retiré : il ne peut plus être modifié."):
            save_step(dossier, step, {"nom": "Byron"}, by=dossier.owner, now=DURING)
        assert dossier.answers.get().value == "Lovelace"


def test_the_table_reads_as_the_rules_say():
    assert DOSSIER.targets(Dossier.Status.DRAFT) == [Dossier.Status.SUBMITTED, Dossier.Status.WITHDRAWN]
    assert DOSSIER.targets(Dossier.Status.SUBMITTED) == [Dossier.Status.SUBMITTED, Dossier.Status.WITHDRAWN]
    assert DOSSIER.targets(Dossier.Status.WITHDRAWN) == []
    assert [(row["state"], row["label"], row["badge"]) for row in DOSSIER.rows()] == [
        ("draft", "Brouillon", "info"),
        ("submitted", "Déposé", "success"),
        ("withdrawn", "Retiré", "error"),
    ]
