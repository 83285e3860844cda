"""Reads by equality in SQL built once per process (eig.core.prepared): the same instances the ORM gives,
on SQLite as on PostgreSQL; and the session engine that reads through them (eig/accounts/sessions.py)."""

import datetime
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from eig.calls.models import Call, Dossier
from eig.core import prepared
from tests.factories import UserFactory
from tests.factories.calls import application_call

pytestmark = pytest.mark.django_db

COMPARED = ("id", "number", "status", "owner_id", "call_id", "shared", "created_at", "updated_at", "version")


def test_a_read_gives_the_instances_the_orm_gives_with_their_types():
    call = application_call()
    owner = UserFactory()
    first = Dossier.objects.create(call=call, owner=owner, number="EIG-1")
    Dossier.objects.create(call=application_call(slug="autre"), owner=owner, number="EIG-2")
    found = prepared.first(Dossier, number="EIG-1", owner_id=owner.pk, shared=False)
    reference = Dossier.objects.get(pk=first.pk)
    assert [getattr(found, name) for name in COMPARED] == [getattr(reference, name) for name in COMPARED]
    assert isinstance(found.created_at, datetime.datetime) and found.created_at.tzinfo is not None
    assert found.shared is False
    # The call, a model with translated texts: its title in the active language as the ORM reads it.
    read = prepared.first(Call, id=call.pk)
    assert (read.title, read.opens_at, read.closes_at, read.kind) == (
        call.title,
        call.opens_at,
        call.closes_at,
        call.kind,
    )


def test_a_read_filters_on_every_value_and_orders_as_asked():
    owner, other = UserFactory(), UserFactory()
    calls = [application_call(slug=f"appel-{n}") for n in range(3)]
    for n, call in enumerate(calls):
        Dossier.objects.create(call=call, owner=owner, number=f"EIG-{n}")
    Dossier.objects.create(call=calls[0], owner=other, number="EIG-autre")
    Dossier.objects.create(call=calls[1], owner=owner, number="EIG-partage", shared=True)
    numbers = [d.number for d in prepared.rows(Dossier, owner=owner, shared=False, order_by="-number")]
    assert numbers == ["EIG-2", "EIG-1", "EIG-0"]
    assert prepared.first(Dossier, number="EIG-autre", owner_id=owner.pk) is None  # another's dossier
    assert prepared.first(Dossier, number="EIG-partage", owner_id=owner.pk, shared=False) is None


def test_a_read_names_at_least_one_field():
    with pytest.raises(ValueError):
        prepared.rows(Dossier)


def test_the_session_engine_reads_what_djangos_engine_wrote_and_nothing_expired():
    assert settings.SESSION_ENGINE == "eig.accounts.sessions"
    ours = import_module(settings.SESSION_ENGINE).SessionStore
    written = DjangoSessionStore()
    written["who"] = "ada"
    written.create()
    assert ours(written.session_key)["who"] == "ada"
    Session.objects.filter(session_key=written.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = ours(written.session_key)
    assert expired.get("who") is None and expired.session_key is None  # a new session, not the expired one
    assert ours("inconnue-" + "x" * 20).get("who") is None


def test_a_signed_in_person_stays_signed_in_across_requests_and_not_after_signing_out(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/espace/").status_code == 200
    client.post("/compte/logout/")
    assert client.get("/espace/").status_code == 302  # to the sign-in page


def test_exists_says_whether_a_row_matches():
    owner = UserFactory()
    dossier = Dossier.objects.create(call=application_call(), owner=owner, number="EIG-1")
    assert prepared.exists(Dossier, owner=owner, shared=False)
    assert not prepared.exists(Dossier, owner=owner, shared=True)
    assert not prepared.exists(Dossier, number="EIG-2")
    assert prepared.exists(Dossier, number=dossier.number, call=dossier.call_id)
