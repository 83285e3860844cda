"""Every URL × every role × every method, against what the rules allow.

A new URL without a row here fails `test_every_url_has_a_row`: add its row.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eig.accounts.models import Role
from tests.factories import (
    ChallengeFactory,
    FAQEntryFactory,
    MembershipFactory,
    NewsPostFactory,
    PageFactory,
    PersonFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.files import StoredFileFactory
from tests.security import (
    rows_accounts_social,
    rows_administrations,
    rows_agents_staff,
    rows_alumni,
    rows_api,
    rows_candidates,
    rows_candidates_complements,
    rows_challenge_approvals,
    rows_evaluation,
    rows_evaluation_staff,
    rows_juries,
    rows_juries_staff,
    rows_open_data,
    rows_privacy,
    rows_programme_events,
    rows_programme_onboarding,
    rows_programme_retrospectives,
    rows_programme_team,
    rows_proposals_staff,
    rows_public_juries,
    rows_reporting_staff,
    rows_results_closing,
    rows_results_deliverables,
    rows_results_handover,
    rows_results_surveys,
    rows_selection,
    rows_selection_public,
    rows_selection_staff,
    rows_staff,
    rows_staff_builder,
    rows_staff_calls,
    rows_staff_emails,
    rows_staff_messages,
    rows_stories,
    rows_translations,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous"] + [r.value for r in Role]
METHODS = ["get", "head", "post", "put", "patch", "delete"]
READ = {"get": 200, "head": 200}
# Unsafe methods on read-only pages: the CSRF check refuses them before the
# view's own method check (405, asserted in test_read_only_pages_refuse_writes).
READ_ONLY = {**READ, "post": 403, "put": 403, "patch": 403, "delete": 403}
EVERYONE_READS = dict.fromkeys(ROLES, READ_ONLY)

# name -> role -> method -> status. CSRF checks are enforced in this test.
MATRIX = dict.fromkeys(
    [
        "public:home",
        "public:participate_candidates",
        "public:participate_administrations",
        "public:challenge_list",
        "public:challenge_detail",
        "public:promotion_list",
        "public:promotion_detail",
        "public:community",
        "public:person_detail",
        "public:news_list",
        "public:news_detail",
        "public:news_rss",
        "public:news_atom",
        "public:faq",
        "public:page",
        "footer-legal-notice",
        "footer-personal-data",
        "footer-accessibility-status",
        "footer-sitemap",
        "sitemap",
    ],
    EVERYONE_READS,
)

# Accounts (django-allauth under /compte/) and the candidate space. Every unsafe method
# without its CSRF token is refused (403). A signed-in visitor is sent away from the
# sign-in and sign-up forms (302), an anonymous one from the account pages (302 to the
# sign-in form). Every role is alike here: accounts are the same for all.
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
NOT_FOUND = {"get": 404, "head": 404}


def _account_rows(anonymous, signed_in):
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


MATRIX.update(
    {
        # Forms for visitors: a signed-in person is sent to their space.
        "account_login": _account_rows(SHOWN, REDIRECT),
        "account_signup": _account_rows(SHOWN, REDIRECT),
        # Sign-out: GET shows a confirmation form; an anonymous visitor goes home.
        "account_logout": _account_rows(REDIRECT, SHOWN),
        # Pages anyone may reach by a link (the key in the URL is the credential).
        "account_reset_password": _account_rows(SHOWN, SHOWN),
        "account_reset_password_done": _account_rows(SHOWN, SHOWN),
        "account_reset_password_from_key": _account_rows(SHOWN, SHOWN),  # an invalid key: "bad token" page
        "account_reset_password_from_key_done": _account_rows(SHOWN, SHOWN),
        "account_confirm_email": _account_rows(SHOWN, SHOWN),  # an invalid key: "expired or invalid" page
        "account_email_verification_sent": _account_rows(SHOWN, SHOWN),
        "account_inactive": _account_rows(SHOWN, SHOWN),
        # Sign-in by emailed code is off: the page sends everyone back.
        "account_confirm_login_code": _account_rows(REDIRECT, REDIRECT),
        # One's own account: sign-in required.
        "account_change_password": _account_rows(REDIRECT, SHOWN),
        "account_email": _account_rows(REDIRECT, SHOWN),
        "account_reauthenticate": _account_rows(REDIRECT, SHOWN),
        # Matrix users have a usable password: "set a password" sends them to "change".
        "account_set_password": _account_rows(REDIRECT, REDIRECT),
        "mfa_index": _account_rows(REDIRECT, SHOWN),
        # The second step of a sign-in: nothing to do outside one.
        "mfa_authenticate": _account_rows(REDIRECT, REDIRECT),
        # Matrix users have no verified address: allauth refuses to activate TOTP (back to the 2FA page).
        "mfa_activate_totp": _account_rows(REDIRECT, REDIRECT),
        # Nothing to deactivate or view without an authenticator: 404. The programme team has
        # one (its pages require it): deactivating asks for the second factor again first.
        "mfa_deactivate_totp": {
            **_account_rows(REDIRECT, NOT_FOUND),
            Role.STAFF.value: {**REDIRECT, **WRITES_NEED_CSRF},
        },
        "mfa_view_recovery_codes": _account_rows(REDIRECT, NOT_FOUND),
        "mfa_download_recovery_codes": _account_rows(REDIRECT, NOT_FOUND),
        # Sensitive: asks for the password again first.
        "mfa_generate_recovery_codes": _account_rows(REDIRECT, REDIRECT),
        # …and for the programme team, whose account has an authenticator, asks for its code.
        "mfa_reauthenticate": {**_account_rows(REDIRECT, REDIRECT), Role.STAFF.value: {**SHOWN, **WRITES_NEED_CSRF}},
        # « Mon espace »: one's own space, sign-in required; read-only (405 with a token,
        # tests/accounts/test_candidate_space.py).
        "candidates:space": _account_rows(REDIRECT, SHOWN),
    }
)

# A stored file answers 404 to everyone but its owner and the programme team (the
# owner is none of the matrix's users: test_a_stored_file_is_served_to_its_owner);
# writes fail the CSRF check.
MATRIX["files:download"] = {
    **dict.fromkeys(ROLES, {"get": 404, "head": 404, "post": 403, "put": 403, "patch": 403, "delete": 403}),
    Role.STAFF.value: {"get": 200, "head": 200, "post": 403, "put": 403, "patch": 403, "delete": 403},
}


# Rows of the audiences' own URLs live beside this file, one module each
# (rows_<audience>.py: ROWS, and world() returning {url name: url}).
MATRIX_MODULES = [
    rows_candidates,
    rows_staff,
    rows_privacy,
    rows_administrations,
    rows_proposals_staff,
    rows_agents_staff,
    rows_accounts_social,
    rows_evaluation,
    rows_evaluation_staff,
    rows_juries,
    rows_juries_staff,
    rows_selection_staff,
    rows_selection,
    rows_selection_public,
    rows_programme_team,
    rows_programme_onboarding,
    rows_programme_retrospectives,
    rows_programme_events,
    rows_results_deliverables,
    rows_results_handover,
    rows_results_surveys,
    rows_results_closing,
    rows_alumni,
    rows_stories,
    rows_reporting_staff,
    rows_open_data,
    rows_api,
    rows_public_juries,
    rows_translations,
    rows_staff_emails,
    rows_staff_calls,
    rows_staff_builder,
    rows_staff_messages,
    rows_candidates_complements,
    rows_challenge_approvals,
]
for _module in MATRIX_MODULES:
    MATRIX.update(_module.ROWS)


def _users():
    users = {"anonymous": None}
    for role in Role:
        factory = StaffFactory if role == Role.STAFF else UserFactory
        users[role.value] = factory(email=f"{role.value}@matrix.example", roles=[role.value])
    return users


# The module whose world() gives each URL name its object (an audience's rows).
OWNER = {name: module for module in MATRIX_MODULES for name in module.ROWS}


def _modules_for(request):
    """A test of one URL name builds only the world of the module that owns it (the worlds of
    every audience for each of ~200 names made this test the slowest of the suite)."""
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    if "name" not in params:
        return MATRIX_MODULES
    owner = OWNER.get(params["name"])
    return [owner] if owner else []


@pytest.fixture
def world(request, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    membership = MembershipFactory()
    stored_file = StoredFileFactory(owner=UserFactory(email="owner@matrix.example"))
    hidden = PersonFactory(is_public=False)
    urls = {}
    for module in _modules_for(request):
        urls.update(module.world())
    return urls | {
        "public:challenge_detail": membership.challenge.get_absolute_url(),
        "public:promotion_detail": membership.challenge.promotion.get_absolute_url(),
        "public:person_detail": membership.person.get_absolute_url(),
        "public:news_detail": NewsPostFactory().get_absolute_url(),
        "public:page": PageFactory().get_absolute_url(),
        "hidden_person": hidden.get_absolute_url(),
        "faq": FAQEntryFactory(),
        "account_confirm_email": reverse("account_confirm_email", kwargs={"key": "invalid-key"}),
        "account_reset_password_from_key": reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "1", "key": "invalid-key"}
        ),
        "files:download": stored_file.get_absolute_url(),
        "stored_file": stored_file,
    }


def _named_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in {"set_language"}:
            yield prefix + pattern.name


def test_every_url_has_a_row():
    assert sorted(set(_named_patterns()) - set(MATRIX)) == []


def _url(name, world):
    return world.get(name) or reverse(name)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name, world):
    users = _users()
    url = _url(name, world)
    failures = []
    for role, expectations in MATRIX[name].items():
        client = Client(enforce_csrf_checks=True)
        if users[role] is not None:
            client.force_login(users[role])
        for method in METHODS:
            status = getattr(client, method)(url).status_code
            if status != expectations[method]:
                failures.append(f"{role} {method.upper()} {url}: {status} != {expectations[method]}")
    assert failures == []


def test_a_person_who_refused_the_directory_answers_404_to_everyone(world):
    for role, user in _users().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(world["hidden_person"]).status_code == 404, role


def test_a_stored_file_is_served_to_its_owner(world):
    url = world["files:download"]
    owner = Client(enforce_csrf_checks=True)
    owner.force_login(world["stored_file"].owner)
    statuses = [getattr(owner, method)(url).status_code for method in METHODS]
    assert statuses == [200, 200, 403, 403, 403, 403]


def test_a_proposed_challenge_answers_404_until_selected():
    challenge = ChallengeFactory(status="proposed")
    assert Client().get(challenge.get_absolute_url()).status_code == 404


def _admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:app_list", kwargs={"app_label": info[0]}))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_the_programme_team_only(role, world):
    users = _users()
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    for url in _admin_urls():
        response = client.get(url)
        if role == Role.STAFF:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url


@pytest.mark.parametrize("name", sorted(n for n, rows in MATRIX.items() if rows is EVERYONE_READS))
def test_read_only_pages_refuse_writes_even_with_a_valid_csrf_token(name, world):
    client = Client()  # CSRF checks off: this is the view's own method check.
    url = _url(name, world)
    for method in ["post", "put", "patch", "delete"]:
        assert getattr(client, method)(url).status_code == 405, f"{method.upper()} {url}"
