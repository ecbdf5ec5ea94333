"""(Portal) A resident states their postal code: the area follows; outside the city, or
too many tries, gets a clear message and records nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from shared_apps.identity.models import Verification, VerificationAttempt
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.conftest import host_of

URL = "/account/verify/postal-code/"


@pytest.fixture(autouse=True)
def _city(portal):
    ensure_city_vocabularies()
    cache.clear()


def test_it_asks_a_visitor_to_sign_in_first(client):
    response = client.get(URL, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_postal_code_in_the_city_records_the_area_as_self_declared(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"postal_code": "413 01"}, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"] == "/account/verifications/"
    verification = Verification.objects.get(user=alice)
    assert (verification.handler, verification.self_declared) == ("postal_code", True)
    assert verification.attributes == {
        "postal_code": "41301",
        "area": "majorna-linne",
        "municipality": "1480",
    }
    page = client.get("/account/verifications/", HTTP_HOST="localhost").content.decode()
    assert "lives in Majorna-Linné" in page
    assert "your own statement" in page


def test_a_postal_code_outside_the_city_is_refused_and_logged(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"postal_code": "11122"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "11122 is not a postal code in Göteborg." in response.content.decode()
    assert 'value="11122"' in response.content.decode()  # the input is kept
    assert not Verification.objects.exists()
    attempt = VerificationAttempt.objects.get()
    assert (attempt.user, attempt.outcome, attempt.reason) == (alice, "refused", "outside_city")


def test_empty_input_gets_a_message(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"postal_code": ""}, HTTP_HOST="localhost")
    assert "Write your postal code." in response.content.decode()


def test_it_returns_to_a_tenant_page_but_never_to_a_foreign_host(client, alice, tenant_a):
    client.force_login(alice)
    back = f"http://{host_of(tenant_a)}/take-part/1/vote/"
    response = client.post(URL, {"postal_code": "41301", "next": back}, HTTP_HOST="localhost")
    assert response["Location"] == back
    response = client.post(
        URL, {"postal_code": "41301", "next": "http://evil.example/"}, HTTP_HOST="localhost"
    )
    assert response["Location"] == "/account/verifications/"


def test_too_many_tries_are_throttled_per_account(client, alice):
    client.force_login(alice)
    for _ in range(10):
        client.post(URL, {"postal_code": "11122"}, HTTP_HOST="localhost")
    response = client.post(URL, {"postal_code": "41301"}, HTTP_HOST="localhost")
    assert "Too many tries." in response.content.decode()
    assert not Verification.objects.exists()
    assert VerificationAttempt.objects.filter(reason="throttled").count() == 1


def test_a_resident_can_remove_a_verification_but_not_anothers(client, alice, bob):
    client.force_login(alice)
    client.post(URL, {"postal_code": "41301"}, HTTP_HOST="localhost")
    mine = Verification.objects.get(user=alice)
    client.force_login(bob)
    url = f"/account/verifications/{mine.pk}/remove/"
    assert client.post(url, HTTP_HOST="localhost").status_code == 404
    client.force_login(alice)
    assert client.post(url, HTTP_HOST="localhost").status_code == 302
    assert not Verification.objects.filter(user=alice).valid().exists()


def test_the_verification_pages_are_not_served_on_tenant_hosts(client, alice, tenant_a):
    client.force_login(alice)
    for url in (URL, "/account/verifications/"):
        assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_the_list_costs_the_same_with_many_rows(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    client.post(URL, {"postal_code": "41301"}, HTTP_HOST="localhost")
    with django_assert_max_num_queries(9):  # with the inbox count in the header
        client.get("/account/verifications/", HTTP_HOST="localhost")
    for code in ("41101", "42401", "41601", "41501", "42301", "41701"):
        client.post(URL, {"postal_code": code}, HTTP_HOST="localhost")
    with django_assert_max_num_queries(9):  # with the inbox count in the header
        response = client.get("/account/verifications/", HTTP_HOST="localhost")
    assert response.content.decode().count("removed or replaced") == 6
