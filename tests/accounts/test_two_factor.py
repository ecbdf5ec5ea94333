"""Two-factor authentication, mandatory for staff: set-up, sign-in, recovery codes,
re-authentication, lock-out, and what residents and outsiders see."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client

from shared_apps.accounts.models import Membership, User
from tenants.models import Tenant
from tenants.roles import grant_role
from tests.conftest import (
    PASSWORD,
    TOTP_SECRETS,
    activate_totp,
    host_of,
    make_user,
    sign_in_with_two_factor,
    totp_code,
)

pytestmark = pytest.mark.django_db

PORTAL = {"HTTP_HOST": "localhost"}


def local(url: str) -> str:
    """Return the path and query of an absolute portal URL."""
    parts = urlsplit(url)
    assert parts.netloc in ("", "localhost"), url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_in_with_password(client: Client, user: User) -> str:
    """Post the sign-in form; return where it sends the browser."""
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, **PORTAL
    )
    assert response.status_code == 302, response.content
    return response["Location"]


def confirm_password(client: Client, next_url: str = "/") -> str:
    """Re-enter the password (allauth asks before 2FA settings change); return where to."""
    response = client.post(
        "/accounts/reauthenticate/", {"password": PASSWORD, "next": next_url}, **PORTAL
    )
    assert response.status_code == 302, response.content
    return response["Location"]


def enter_code(client: Client, code: str, url: str = "/accounts/2fa/authenticate/"):
    return client.post(url, {"code": code}, **PORTAL)


def new_staff(tenant: Tenant, email: str = "dana@example.org") -> User:
    """A moderator who has not set up two-factor authentication yet."""
    user = make_user(email, "Dana Dahl")
    grant_role(tenant, user, Membership.Role.MODERATOR)
    return user


# --- staff without an authenticator app ----------------------------------------------


@pytest.mark.parametrize(
    "path", ["/manage/", "/manage/roles/", "/manage/log/?verb=process", "/manage/templates/"]
)
def test_staff_without_an_app_are_sent_from_manage_to_its_set_up_on_the_portal(
    client, tenant_a, path
):
    client.force_login(new_staff(tenant_a))
    response = client.get(path, HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    back = quote(f"http://alfa.localhost{path}", safe="")
    handoff = quote(f"/sign-in/handoff/?next={back}", safe="")
    assert response["Location"] == f"http://localhost/accounts/2fa/totp/activate/?next={handoff}"


def test_a_post_to_manage_is_refused_the_same_way_and_changes_nothing(client, tenant_a):
    client.force_login(new_staff(tenant_a))
    response = client.post(
        "/manage/roles/",
        {"email": "dana@example.org", "role": "admin"},
        HTTP_HOST=host_of(tenant_a),
    )
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    assert not Membership.objects.filter(role="admin", user__email="dana@example.org").exists()


def test_platform_operators_without_an_app_are_sent_from_the_admin_to_its_set_up(client, portal):
    client.force_login(make_user("ops@example.org", "Ops", is_staff=True, is_superuser=True))
    response = client.get("/ops/admin/accounts/user/", **PORTAL)
    assert response.status_code == 302
    assert response["Location"] == (
        "http://localhost/accounts/2fa/totp/activate/?next=%2Fops%2Fadmin%2Faccounts%2Fuser%2F"
    )


def test_the_admins_own_sign_in_form_is_replaced_by_the_portals(client, portal):
    response = client.get("/ops/admin/login/?next=/ops/admin/", **PORTAL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_staff_set_up_the_app_see_recovery_codes_and_go_back_to_manage(client, tenant_a):
    dana = new_staff(tenant_a)
    host = host_of(tenant_a)
    sign_in_with_password(client, dana)
    redirect = local(client.get("/manage/?page=1", HTTP_HOST=host)["Location"])

    # allauth has the password typed again before two-factor settings change.
    confirm = client.get(redirect, **PORTAL)
    assert confirm["Location"].startswith("/accounts/reauthenticate/?next=")
    assert confirm_password(client, redirect) == redirect
    page = client.get(redirect, **PORTAL)
    assert page.status_code == 200
    assert page.context["staff_required"] is True
    html = page.content.decode()
    assert 'class="site-header"' in html and "<script" not in html
    secret = page.context["form"].secret
    assert secret in html  # typed in by hand when the QR code cannot be scanned

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"}, **PORTAL)
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=dana).exists()

    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)}, **PORTAL)
    assert done.status_code == 302
    assert done["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get("/accounts/2fa/recovery-codes/", **PORTAL)
    codes = codes_page.context["unused_codes"]
    assert len(codes) == 10
    html = codes_page.content.decode()
    assert all(code in html for code in codes)
    assert "/accounts/2fa/recovery-codes/download/" in html
    back = codes_page.context["next_url"]
    assert back == "/sign-in/handoff/?next=http%3A%2F%2Falfa.localhost%2Fmanage%2F%3Fpage%3D1"
    download = client.get("/accounts/2fa/recovery-codes/download/", **PORTAL)
    assert all(code in download.content.decode() for code in codes)

    # Setting the app up took its first code: this session counts as two-factor.
    assert client.get("/manage/?page=1", HTTP_HOST=host).status_code == 200


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://evil.example/x?y=1", "/x?y=1"),
        ("//evil.example/", "/"),
        ("/ops/admin/", "/ops/admin/"),
    ],
)
def test_only_a_path_on_the_portal_is_kept_as_next(client, tenant_a, given, kept):
    dana = new_staff(tenant_a)
    sign_in_with_password(client, dana)
    client.get("/accounts/2fa/totp/activate/", {"next": given}, **PORTAL)
    assert client.session["torget_after_two_factor"] == kept


# --- sign-in with the app, re-authentication ------------------------------------------


def test_signing_in_asks_staff_for_the_code_before_anything_else(client, tenant_a, bob):
    assert sign_in_with_password(client, bob) == "/accounts/2fa/authenticate/"
    response = client.get("/manage/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302  # not signed in yet: to the sign-in page
    assert "/accounts/2fa/" not in response["Location"]

    page = client.get("/accounts/2fa/authenticate/", **PORTAL)
    assert 'class="site-header"' in page.content.decode()
    assert enter_code(client, "123456").status_code == 200
    response = enter_code(client, totp_code(TOTP_SECRETS[bob.email]))
    assert response.status_code == 302
    assert client.get("/manage/", HTTP_HOST=host_of(tenant_a)).status_code == 200


def test_a_session_without_the_second_step_must_confirm_with_the_app(client, tenant_a, bob):
    client.force_login(bob)  # e.g. signed in before the app was set up elsewhere
    host = host_of(tenant_a)
    response = client.get("/manage/log/", HTTP_HOST=host)
    assert response.status_code == 302
    target = local(response["Location"])
    assert target.startswith("/accounts/2fa/reauthenticate/?next=")

    page = client.get(target, **PORTAL)
    assert page.status_code == 200
    assert "<script" not in page.content.decode()
    confirmed = client.post(
        target,
        {"code": totp_code(TOTP_SECRETS[bob.email]), "next": page.context["redirect_field_value"]},
        **PORTAL,
    )
    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith("/sign-in/handoff/?next=http%3A%2F%2Falfa.localhost")
    assert client.get("/manage/log/", HTTP_HOST=host).status_code == 200


def test_each_recovery_code_works_once(client, tenant_a, bob):
    first, second = RecoveryCodes(
        Authenticator.objects.get(user=bob, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[:2]

    sign_in_with_password(client, bob)
    assert enter_code(client, first).status_code == 302
    assert client.get("/manage/", HTTP_HOST=host_of(tenant_a)).status_code == 200
    client.post("/accounts/logout/", **PORTAL)

    sign_in_with_password(client, bob)
    again = enter_code(client, first)
    assert again.status_code == 200
    assert again.context["form"].errors
    assert enter_code(client, second).status_code == 302


# --- lock-out -------------------------------------------------------------------------


def test_five_wrong_codes_lock_the_account_but_not_others_at_the_same_address(
    client, tenant_a, tenant_b, bob, charlie, caplog
):
    sign_in_with_password(client, bob)
    with caplog.at_level(logging.WARNING, logger="torget.security"):
        for wrong in ("111111", "222222", "333333", "444444", "555555"):
            assert enter_code(client, wrong).status_code == 200
        locked = enter_code(client, totp_code(TOTP_SECRETS[bob.email]))
    assert locked.status_code == 200
    assert "code" in locked.context["form"].errors
    assert not locked.wsgi_request.user.is_authenticated

    lines = [record.getMessage() for record in caplog.records]
    wrong_lines = [line for line in lines if line.startswith("wrong two-factor code")]
    assert len(wrong_lines) == 5
    assert all(f"account={bob.pk} ip=127.0.0.1" in line for line in wrong_lines)
    assert any(
        line.startswith(f"two-factor locked, code refused: account={bob.pk}") for line in lines
    )
    assert not any(code in "".join(lines) for code in ("111111", "555555"))

    # Charlie, at the same address (a shared network), signs in as usual.
    other = Client()
    sign_in_with_password(other, charlie)
    assert enter_code(other, totp_code(TOTP_SECRETS[charlie.email])).status_code == 302
    assert other.get("/manage/", HTTP_HOST=host_of(tenant_b)).status_code == 200


# --- residents and outsiders ----------------------------------------------------------


def test_a_resident_is_never_asked_for_a_code(client, tenant_a, alice):
    assert sign_in_with_password(client, alice) == "/"
    assert client.get("/", HTTP_HOST=host_of(tenant_a)).status_code == 200
    # Not staff: the staff pages answer 404, not a two-factor set-up.
    assert client.get("/manage/", HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_an_outsider_with_two_factor_still_gets_404_on_another_tenants_manage_pages(
    client, tenant_a, tenant_b, charlie
):
    sign_in_with_two_factor(client, charlie)
    for path in ("/manage/", "/manage/roles/", "/manage/log/"):
        assert client.get(path, HTTP_HOST=host_of(tenant_a)).status_code == 404, path
    assert client.get("/manage/", HTTP_HOST=host_of(tenant_b)).status_code == 200


def test_an_outsider_without_two_factor_learns_nothing_about_another_tenant(
    client, tenant_a, tenant_b
):
    erik = new_staff(tenant_b, "erik@example.org")
    client.force_login(erik)
    response = client.get("/manage/roles/", HTTP_HOST=host_of(tenant_a))
    # The same answer any page of any tenant gives him: set up the app first.
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_staff_cannot_turn_off_their_app(client, tenant_a, bob):
    sign_in_with_two_factor(client, bob)
    confirm_password(client)
    response = client.post("/accounts/2fa/totp/deactivate/", **PORTAL)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).exists()


def test_a_resident_may_turn_off_an_app_they_chose_to_use(client, alice):
    activate_totp(alice)
    sign_in_with_two_factor(client, alice)
    confirm_password(client)
    response = client.post("/accounts/2fa/totp/deactivate/", **PORTAL)
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
    ],
)
def test_every_two_factor_page_uses_torgets_layout_without_scripts(client, bob, path):
    sign_in_with_two_factor(client, bob)
    confirm_password(client)
    response = client.get(path, **PORTAL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert '<main id="main"' in html
    assert "<script" not in html
