"""Language choice: per browser, remembered on the account, used on every host."""

from __future__ import annotations

import pytest

from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def test_switching_language_sets_the_cookie_and_the_preference(client, tenant_a, alice):
    client.force_login(alice)
    response = client.post(
        "/language/", {"language": "en", "next": "/staff/"}, HTTP_HOST=host_of(tenant_a)
    )
    assert response["Location"] == "/staff/"
    assert response.cookies["django_language"].value == "en"
    alice.refresh_from_db()
    assert alice.preferred_language == "en"


def test_a_signed_in_users_language_follows_them_to_a_new_host(client, tenant_a, alice):
    alice.preferred_language = "en"
    alice.save()
    client.force_login(alice)
    response = client.get("/", HTTP_HOST=host_of(tenant_a))
    assert '<html lang="en">' in response.content.decode()


def test_an_unknown_language_changes_nothing_and_says_so(client, portal, alice):
    client.force_login(alice)
    response = client.post(
        "/language/", {"language": "xx", "next": "/"}, HTTP_HOST="localhost", follow=True
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.preferred_language == "sv"
    assert (
        "django_language" not in response.cookies
        or response.cookies["django_language"].value != "xx"
    )


def test_next_may_not_leave_the_host(client, portal):
    response = client.post(
        "/language/", {"language": "en", "next": "http://evil.example/"}, HTTP_HOST="localhost"
    )
    assert response["Location"] == "/"


def test_the_profile_saves_name_and_language_and_keeps_bad_input(client, portal, alice):
    client.force_login(alice)
    bad = client.post(
        "/account/profile/",
        {"display_name": "  ", "preferred_language": "en"},
        HTTP_HOST="localhost",
    )
    assert bad.status_code == 200
    alice.refresh_from_db()
    assert alice.display_name == "Alice Andersson"
    good = client.post(
        "/account/profile/",
        {"display_name": "Alice A.", "preferred_language": "en"},
        HTTP_HOST="localhost",
    )
    assert good.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.preferred_language) == ("Alice A.", "en")


def test_the_profile_is_not_served_on_tenant_hosts(client, tenant_a, alice):
    client.force_login(alice)
    assert client.get("/account/profile/", HTTP_HOST=host_of(tenant_a)).status_code == 404
