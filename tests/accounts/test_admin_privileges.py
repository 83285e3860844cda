"""Roles and the staff and superuser flags in the admin (security review F5): nobody changes their
own, only a superuser changes anyone's, and each change is written in the activity log with who
made it."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from eig.core.models import ActivityLog
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PRIVILEGES = {"roles", "is_staff", "is_superuser", "groups", "user_permissions"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def posted_form(user, **changes) -> dict:
    """The user change form as the admin shows it, with `changes` made."""
    values = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "roles": user.roles,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
    } | changes
    data = {name: value for name, value in values.items() if not isinstance(value, bool)}
    data |= {name: "on" for name, value in values.items() if value is True}
    data["roles"] = json.dumps(values["roles"])
    data |= {"date_joined_0": user.date_joined.date().isoformat(), "date_joined_1": "12:00:00"}
    data |= {"last_login_0": "", "last_login_1": ""}
    return data


def editable_fields(client, user) -> set[str]:
    return set(client.get(change_url(user)).context["adminform"].form.fields)


def test_a_superuser_cannot_change_their_own_roles_or_flags():
    me = StaffFactory(email="moi@example.org")
    client = client_of(me)

    response = client.post(change_url(me), posted_form(me, roles=["staff", "approver"], is_superuser=False))

    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.roles, me.is_staff, me.is_superuser) == (["staff"], True, True)
    assert editable_fields(client, me) & PRIVILEGES == set()
    assert not ActivityLog.objects.filter(verb="account.roles_changed").exists()


def test_a_superuser_changes_someone_elses_roles_and_the_change_is_logged_with_who_made_it():
    admin = StaffFactory(email="admin@example.org")
    agent = UserFactory(email="agent@example.org", roles=["administration_agent"])

    response = client_of(admin).post(change_url(agent), posted_form(agent, roles=["administration_agent", "approver"]))

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.roles == ["administration_agent", "approver"]
    entry = ActivityLog.objects.get(verb="account.roles_changed")
    assert (entry.target_type, entry.target_id, entry.actor) == ("accounts.user", str(agent.pk), admin)
    assert entry.data == {
        "before": {"roles": ["administration_agent"], "is_staff": False, "is_superuser": False},
        "after": {"roles": ["administration_agent", "approver"], "is_staff": False, "is_superuser": False},
    }


def test_a_change_without_privileges_involved_is_not_logged():
    admin = StaffFactory(email="admin@example.org")
    agent = UserFactory(email="agent@example.org", roles=["administration_agent"])

    client_of(admin).post(change_url(agent), posted_form(agent, last_name="Nouveau"))

    agent.refresh_from_db()
    assert agent.last_name == "Nouveau"
    assert not ActivityLog.objects.filter(verb="account.roles_changed").exists()


def test_a_staff_member_who_is_not_superuser_changes_nobodys_privileges_and_no_superuser():
    member = StaffFactory(email="membre@example.org", is_superuser=False)
    member.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    agent = UserFactory(email="agent@example.org", roles=["administration_agent"])
    superuser = StaffFactory(email="admin@example.org")
    client = client_of(member)

    response = client.post(change_url(agent), posted_form(agent, roles=["approver"], is_staff=True))

    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.roles, agent.is_staff) == (["administration_agent"], False)
    assert editable_fields(client, agent) & PRIVILEGES == set()
    # A superuser's account is only shown to them: changing its address would hand it over.
    client.post(change_url(superuser), posted_form(superuser, email="pirate@example.org"))
    superuser.refresh_from_db()
    assert superuser.email == "admin@example.org"
