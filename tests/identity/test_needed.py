"""The page that says what an action requires, offers each way to verify, and sends the
resident back to what they were doing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django_tenants.utils import schema_context

from shared_apps.identity.actions import grant_verification
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.conftest import host_of
from tests.spaces.factories import make_component, make_process


def ballot(tenant, **rule):
    ensure_city_vocabularies()
    with schema_context(tenant.schema_name):
        process = make_process("val", published=True)
        return make_component(process, "testballot", permissions={"vote": rule} if rule else {})


def test_the_ballot_sends_a_resident_to_the_requirements_and_back(
    client, tenant_a, alice, ballot_type, settings
):
    settings.EID_OIDC_ISSUER = "http://127.0.0.1:1"
    component = ballot(
        tenant_a, verifications=["eid", "postal_code"],
        options={"postal_code": {"areas": ["centrum"]}},
    )  # fmt: skip
    host = host_of(tenant_a)
    client.force_login(alice)
    page = client.get(component.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "You need to verify your identity first." in page
    needed = f"/take-part/{component.pk}/vote/?next={component.get_absolute_url()}"
    assert f'href="/take-part/{component.pk}/vote/?next=' in page

    response = client.get(needed, HTTP_HOST=host)
    text = response.content.decode()
    assert response.status_code == 200
    assert "e-ID (BankID or Freja)" in text and "Required: lives in City Centre." in text
    # Each way to verify goes to the portal and carries this page as the way back.
    links = [part.split('"')[0] for part in text.split('href="')[1:] if "/account/verify/" in part]
    assert {urlsplit(link).path for link in links} == {
        "/account/verify/eid/",
        "/account/verify/postal-code/",
    }
    for link in links:
        assert urlsplit(link).hostname == "localhost"
        assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["next"] == [
            f"http://{host}{needed}"
        ]

    # With both in place, the same page sends the resident on to the ballot.
    grant_verification(alice, "eid", identifier=("se-pnr", "198001010019"))
    grant_verification(alice, "postal_code", attributes={"area": "centrum"})
    response = client.get(needed, HTTP_HOST=host)
    assert response.status_code == 302
    assert response["Location"] == component.get_absolute_url()
    page = client.get(component.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert 'id="ballot-open"' in page


def test_a_visitor_is_asked_to_sign_in(client, tenant_a, ballot_type):
    component = ballot(tenant_a, verifications=["postal_code"])
    response = client.get(f"/take-part/{component.pk}/vote/", HTTP_HOST=host_of(tenant_a))
    assert "Sign in to take part." in response.content.decode()
    assert "/sign-in/handoff/" in response.content.decode()


def test_a_met_action_goes_straight_back_but_never_off_the_host(
    client, tenant_a, alice, ballot_type
):
    component = ballot(tenant_a)
    client.force_login(alice)
    for next_url, expected in (
        ("/processes/val/", "/processes/val/"),
        ("http://evil.example/x", "/x"),
        ("//evil.example/x", "/x"),
        ("javascript:alert(1)", "/"),
    ):
        response = client.get(
            f"/take-part/{component.pk}/vote/", {"next": next_url}, HTTP_HOST=host_of(tenant_a)
        )
        assert response["Location"] == expected


def test_outsiders_get_404(client, tenant_a, tenant_b, alice, ballot_type):
    component = ballot(tenant_a, verifications=["postal_code"])
    client.force_login(alice)
    url = f"/take-part/{component.pk}/vote/"
    assert client.get(url, HTTP_HOST=host_of(tenant_b)).status_code == 404
    assert (
        client.get(f"/take-part/{component.pk}/fly/", HTTP_HOST=host_of(tenant_a)).status_code
        == 404
    )
    with schema_context(tenant_a.schema_name):
        component.published = False
        component.save(update_fields=["published"])
    assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_the_page_has_a_query_budget(
    client, tenant_a, alice, ballot_type, django_assert_max_num_queries
):
    component = ballot(tenant_a, verifications=["postal_code", "in_person", "voting_code"])
    client.force_login(alice)
    # 13: the page, plus the inbox count in the header (shared_apps.notifications).
    with django_assert_max_num_queries(13):
        response = client.get(f"/take-part/{component.pk}/vote/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200


def test_a_tenants_terms_come_first_and_lead_back(client, tenant_a, alice, ballot_type):
    from shared_apps.privacy.models import TenantTerms

    component = ballot(tenant_a, verifications=["postal_code"])
    TenantTerms.objects.create(tenant=tenant_a, text_sv="Var schysst.", version=1)
    host = host_of(tenant_a)
    client.force_login(alice)
    needed = f"/take-part/{component.pk}/vote/?next={component.get_absolute_url()}"
    page = client.get(needed, HTTP_HOST=host).content.decode()
    assert "Accept the terms of participation first." in page
    assert 'href="/terms/?next=' in page
    assert "/account/verify/postal-code/" not in page  # one step at a time
    response = client.post("/terms/", {"next": needed}, HTTP_HOST=host)
    assert response["Location"] == needed
    page = client.get(needed, HTTP_HOST=host).content.decode()
    assert "/account/verify/postal-code/" in page
