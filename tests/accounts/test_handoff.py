"""Signing in once signs you in on every host: the portal's hand-off to tenant hosts."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from shared_apps.accounts.handoff import purge_expired
from shared_apps.accounts.middleware import CHECKED_COOKIE
from shared_apps.accounts.models import SignInHandoff
from tenants.models import Domain, Tenant
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


def start(client: Client, next_url: str, **extra: str):
    return client.get("/sign-in/handoff/", {"next": next_url, **extra}, HTTP_HOST="localhost")


def test_a_signed_in_resident_is_handed_to_the_tenant_host_with_the_same_session(
    client, tenant_a, alice
):
    client.force_login(alice)
    portal_session = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = start(client, "http://alfa.localhost/staff/?x=1")
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path) == ("alfa.localhost", "/sign-in/accept/")
    query = parse_qs(location.query)
    assert query["next"] == ["/staff/?x=1"]

    tenant_client = Client()
    accepted = tenant_client.get(
        "/sign-in/accept/", {"token": query["token"][0], "next": "/"}, HTTP_HOST="alfa.localhost"
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == "/"
    assert accepted.cookies[settings.SESSION_COOKIE_NAME].value == portal_session
    home = tenant_client.get("/", HTTP_HOST="alfa.localhost")
    assert "Alice Andersson" in home.content.decode()


def test_a_token_works_once_only(client, tenant_a, alice):
    client.force_login(alice)
    token = parse_qs(urlsplit(start(client, "http://alfa.localhost/")["Location"]).query)["token"][
        0
    ]
    assert (
        Client().get("/sign-in/accept/", {"token": token}, HTTP_HOST="alfa.localhost").status_code
        == 302
    )
    second = Client().get("/sign-in/accept/", {"token": token}, HTTP_HOST="alfa.localhost")
    assert second.status_code == 400
    assert settings.SESSION_COOKIE_NAME not in second.cookies


def test_a_token_for_one_tenant_is_refused_by_another(client, tenant_a, tenant_b, alice):
    client.force_login(alice)
    token = parse_qs(urlsplit(start(client, "http://alfa.localhost/")["Location"]).query)["token"][
        0
    ]
    refused = Client().get("/sign-in/accept/", {"token": token}, HTTP_HOST="beta.localhost")
    assert refused.status_code == 400
    assert settings.SESSION_COOKIE_NAME not in refused.cookies


def test_an_expired_token_is_refused_and_purged(client, tenant_a, alice):
    client.force_login(alice)
    token = parse_qs(urlsplit(start(client, "http://alfa.localhost/")["Location"]).query)["token"][
        0
    ]
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert (
            Client()
            .get("/sign-in/accept/", {"token": token}, HTTP_HOST="alfa.localhost")
            .status_code
            == 400
        )
    start(client, "http://alfa.localhost/")
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert purge_expired() == 1
    assert not SignInHandoff.objects.exists()


def test_a_signed_out_session_cannot_be_handed_on(client, tenant_a, alice):
    client.force_login(alice)
    token = parse_qs(urlsplit(start(client, "http://alfa.localhost/")["Location"]).query)["token"][
        0
    ]
    client.logout()
    assert (
        Client().get("/sign-in/accept/", {"token": token}, HTTP_HOST="alfa.localhost").status_code
        == 400
    )


@pytest.mark.parametrize(
    "next_url",
    [
        "http://evil.example/",
        "http://alfa.localhost:9999/",
        "https://alfa.localhost/",
        "//alfa.localhost/",
        "javascript:alert(1)",
        "http://localhost/",
        "http://[bad/",
    ],
)
def test_it_never_sends_anyone_to_a_host_that_is_not_a_ready_tenant(
    client, tenant_a, alice, next_url
):
    client.force_login(alice)
    response = start(client, next_url)
    assert response.status_code == 400
    assert not SignInHandoff.objects.exists()


def test_it_does_not_hand_off_to_a_suspended_tenant(client, tenant_a, alice):
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    client.force_login(alice)
    assert start(client, "http://alfa.localhost/").status_code == 400


def test_it_hands_off_to_a_custom_domain(client, tenant_a, alice):
    Domain.objects.create(domain="deltagande.alfa.test", tenant=tenant_a, is_primary=False)
    client.force_login(alice)
    location = urlsplit(start(client, "http://deltagande.alfa.test/")["Location"])
    assert location.netloc == "deltagande.alfa.test"


def test_an_anonymous_visitor_is_asked_to_sign_in_then_sent_back(client, tenant_a):
    response = start(client, "http://alfa.localhost/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=%2Fsign-in%2Fhandoff%2F")


def test_a_first_visit_to_a_tenant_asks_the_portal_once_without_showing_a_page(client, tenant_a):
    first = client.get("/", HTTP_HOST=host_of(tenant_a), **HTML)
    assert first.status_code == 302
    assert first["Location"].startswith("http://localhost/sign-in/handoff/?next=")
    assert "passive=1" in first["Location"]
    back = client.get(first["Location"].removeprefix("http://localhost"), HTTP_HOST="localhost")
    location = urlsplit(back["Location"])
    assert location.netloc == "alfa.localhost"
    assert parse_qs(location.query)["anonymous"] == ["1"]
    landed = client.get(location.path + "?" + location.query, HTTP_HOST=host_of(tenant_a))
    assert landed.cookies[CHECKED_COOKIE].value == "1"
    # Asked once: the next page is served directly.
    assert client.get("/", HTTP_HOST=host_of(tenant_a), **HTML).status_code == 200


def test_a_signed_in_visitor_arriving_at_a_tenant_is_signed_in_there(client, tenant_a, alice):
    client.force_login(alice)
    tenant_browser = Client()
    # A browser keeps cookies per host; a fresh client on the tenant host has none.
    first = tenant_browser.get("/", HTTP_HOST=host_of(tenant_a), **HTML)
    portal_answer = client.get(
        first["Location"].removeprefix("http://localhost"), HTTP_HOST="localhost"
    )
    target = urlsplit(portal_answer["Location"])
    assert "token" in parse_qs(target.query)
    tenant_browser.get(target.path + "?" + target.query, HTTP_HOST=host_of(tenant_a))
    assert (
        "Alice Andersson" in tenant_browser.get("/", HTTP_HOST=host_of(tenant_a)).content.decode()
    )


def test_signing_out_on_a_tenant_host_signs_out_everywhere(client, tenant_a, alice):
    client.force_login(alice)
    token = parse_qs(urlsplit(start(client, "http://alfa.localhost/")["Location"]).query)["token"][
        0
    ]
    tenant_browser = Client()
    tenant_browser.get("/sign-in/accept/", {"token": token}, HTTP_HOST=host_of(tenant_a))
    signed_out = tenant_browser.post("/accounts/logout/", HTTP_HOST=host_of(tenant_a))
    assert signed_out.status_code == 302
    assert client.get("/account/profile/", HTTP_HOST="localhost").status_code == 302


def test_the_accept_view_only_redirects_to_local_paths(client, tenant_a):
    response = client.get(
        "/sign-in/accept/",
        {"anonymous": "1", "next": "//evil.example/x"},
        HTTP_HOST=host_of(tenant_a),
    )
    # Only the path is kept: the browser stays on this host.
    assert response["Location"] == "/x"


def test_handoff_start_is_not_served_on_tenant_or_unknown_hosts(client, tenant_a):
    assert client.get("/sign-in/handoff/", HTTP_HOST=host_of(tenant_a)).status_code == 404
    assert client.get("/sign-in/handoff/", HTTP_HOST="okand.localhost").status_code == 404
