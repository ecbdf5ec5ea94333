"""Staff sessions end STAFF_SESSION_SECONDS (8 hours) after sign-in; residents keep 14
days. A resident who gains a role mid-session gets the staff limit from then on."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from shared_apps.accounts.models import Membership, User
from tenants.roles import grant_role
from tests.conftest import PASSWORD, TOTP_SECRETS, host_of, make_user, totp_code

pytestmark = pytest.mark.django_db

PORTAL = {"HTTP_HOST": "localhost"}
EIGHT_HOURS = 8 * 60 * 60
FOURTEEN_DAYS = 14 * 24 * 60 * 60


def sign_in(client: Client, user: User, *, code: str | None = None):
    """Sign in through the forms (remember me ticked); return the last response."""
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD, "remember": "on"},
        **PORTAL,
    )
    if code is not None:
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = client.post("/accounts/2fa/authenticate/", {"code": code}, **PORTAL)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    return response


def test_the_staff_limit_is_eight_hours_by_default():
    assert settings.STAFF_SESSION_SECONDS == EIGHT_HOURS


def test_a_residents_session_lasts_fourteen_days(client, alice):
    response = sign_in(client, alice)
    assert client.session.get_expiry_age() == FOURTEEN_DAYS
    assert response.cookies["sessionid"]["max-age"] == FOURTEEN_DAYS


def test_a_staff_session_ends_eight_hours_after_sign_in(client, tenant_a, bob):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        response = sign_in(client, bob, code=totp_code(TOTP_SECRETS[bob.email]))
        # The sign-in response itself already carries the short cookie.
        assert 0 < response.cookies["sessionid"]["max-age"] <= EIGHT_HOURS
        assert client.session.get_expiry_date() <= start + timedelta(seconds=EIGHT_HOURS)

        # Using the site does not stretch it: it counts from sign-in.
        traveller.shift(timedelta(hours=7, minutes=59))
        assert client.get("/manage/", HTTP_HOST=host_of(tenant_a)).status_code == 200
        traveller.shift(timedelta(minutes=2))
        response = client.get("/manage/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_platform_operator_gets_the_staff_limit_too(client, portal):
    ops = make_user("ops@example.org", "Ops", is_staff=True)
    sign_in(client, ops)
    assert client.session.get_expiry_age() <= EIGHT_HOURS


def test_a_role_granted_mid_session_shortens_the_session_at_once(client, tenant_a, alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, alice)
        traveller.shift(timedelta(days=1))
        grant_role(tenant_a, alice, Membership.Role.EVALUATOR)
        response = client.get("/", HTTP_HOST=host_of(tenant_a))
        assert response.status_code == 200
        assert client.session.get_expiry_date() == start + timedelta(days=1, seconds=EIGHT_HOURS)
        assert response.cookies["sessionid"]["max-age"] == EIGHT_HOURS


def test_a_role_of_a_kind_added_later_counts_as_staff(client, tenant_a, alice):
    """Staff means "has any role", not a list of known roles (e.g. a future verifier)."""
    sign_in(client, alice)
    Membership.objects.create(user=alice, tenant=tenant_a, role="verifier")
    client.get("/", HTTP_HOST=host_of(tenant_a))
    assert client.session.get_expiry_age() <= EIGHT_HOURS
    response = client.get("/manage/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


@override_settings(STAFF_SESSION_SECONDS=3600)
def test_the_limit_follows_the_setting(client, tenant_a, bob):
    sign_in(client, bob, code=totp_code(TOTP_SECRETS[bob.email]))
    assert client.session.get_expiry_age() <= 3600


def test_without_remember_me_a_staff_session_is_limited_as_well(client, tenant_a, bob):
    client.post(
        "/accounts/login/", {"login": bob.email, "password": PASSWORD}, **PORTAL
    )  # no "remember me": the cookie ends with the browser
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRETS[bob.email])}, **PORTAL
    )
    assert response.status_code == 302
    assert client.session.get_expiry_age() <= EIGHT_HOURS


def test_roles_are_read_once_per_user_object_and_refreshed_by_grant_and_revoke(
    tenant_a, tenant_b, alice, django_assert_num_queries
):
    from shared_apps.accounts.staff import is_staff_user
    from tenants.roles import revoke_role

    with django_assert_num_queries(1):
        assert not is_staff_user(alice)
        assert alice.roles_in(tenant_a) == set()
        assert alice.roles_in(tenant_b) == set()
    grant_role(tenant_b, alice, Membership.Role.MODERATOR)
    assert is_staff_user(alice)
    assert alice.roles_in(tenant_b) == {Membership.Role.MODERATOR}
    assert alice.roles_in(tenant_a) == set()
    revoke_role(tenant_b, alice, Membership.Role.MODERATOR)
    assert not is_staff_user(alice)
