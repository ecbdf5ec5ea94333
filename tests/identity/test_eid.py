"""e-ID over OpenID Connect against a real provider (devstack's test e-ID on loopback).

The Django test client plays the resident's browser on our portal; httpx plays it on the
provider, submitting the provider's own sign-in and consent forms until the provider
redirects back to our callback.
"""

from __future__ import annotations

import time
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from devstack.eid_provider import DEMO_PERSONS, PERSONAL_NUMBER_CLAIM
from shared_apps.identity import oidc
from shared_apps.identity.eid_views import SESSION_KEY
from shared_apps.identity.keys import identity_key
from shared_apps.identity.models import (
    IdentityConflict,
    PersonIdentity,
    Verification,
    VerificationAttempt,
)
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.conftest import EID_CALLBACK, make_user

pytestmark = pytest.mark.django_db

CENTRUM = "198003142398"  # a demo person living in Centrum (postal code 411 03)
START = "/account/verify/eid/"
NEXT = "/account/verifications/"


class _Forms(HTMLParser):
    """Collect each form's action and inputs from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def sign_in_at_provider(authorization_url: str, login: str) -> str:
    """Sign in on the provider's pages as `login`; return the URL it sends us back to."""
    with httpx.Client(timeout=10) as browser:
        response = browser.get(authorization_url)
        for _ in range(10):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if urlsplit(location).path == EID_CALLBACK:
                    return location
                response = browser.get(location)
                continue
            assert response.status_code == 200, response.text
            parser = _Forms()
            parser.feed(response.text)
            form = parser.forms[0]
            fields = dict(form["fields"])
            if "login" in fields:
                fields.update(login=login, password="any password")
            response = browser.post(urljoin(str(response.url), form["action"]), data=fields)
    raise AssertionError("the provider never sent the browser back to our callback")


def start_flow(client: Client, next_url: str = NEXT) -> str:
    """Start a flow as the signed-in resident; return the provider's authorization URL."""
    response = client.post(START, {"next": next_url}, HTTP_HOST="localhost")
    assert response.status_code == 302, response.content
    return str(response["Location"])


def callback(client: Client, url: str) -> Any:
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}", HTTP_HOST="localhost")


def refusals() -> list[str]:
    return list(
        VerificationAttempt.objects.filter(outcome="refused").values_list("reason", flat=True)
    )


def test_it_verifies_a_resident_end_to_end(client, alice, oidc_provider):
    ensure_city_vocabularies()  # the postal codes that place a resident in an area
    client.force_login(alice)
    authorization_url = start_flow(client)
    query = parse_qs(urlsplit(authorization_url).query)
    assert authorization_url.startswith(oidc_provider.issuer + "/")
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"]

    response = callback(client, sign_in_at_provider(authorization_url, CENTRUM))

    assert response.status_code == 302
    assert response["Location"] == NEXT
    verification = Verification.objects.get(user=alice, handler="eid")
    assert verification.attributes == {
        "birth_date": "1980-03-14",
        "municipality": "1480",
        "postal_code": "41103",
        "area": "centrum",
    }
    assert verification.is_valid()
    assert verification.expires > timezone.now() + timedelta(days=364)
    # Only the keyed hash of the personal number is stored, and no name anywhere.
    identity = PersonIdentity.objects.get(user=alice)
    assert identity.key == identity_key("se-pnr", CENTRUM)
    assert CENTRUM not in str(verification.attributes)
    assert "Test Centrumsson" not in str(verification.attributes)
    alice.refresh_from_db()
    assert alice.display_name == "Alice Andersson"
    assert VerificationAttempt.objects.filter(user=alice, outcome="verified").count() == 1
    followed = client.get(NEXT, HTTP_HOST="localhost")
    assert "e-ID" in followed.content.decode()
    # The flow is spent: nothing of it is left in the session.
    assert client.session[SESSION_KEY] == {}


def test_the_start_page_explains_the_check_and_sends_visitors_to_sign_in_first(
    client, alice, oidc_provider
):
    anonymous = client.get(START, {"next": NEXT}, HTTP_HOST="localhost")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    assert "account/verify/eid" in anonymous["Location"]

    client.force_login(alice)
    page = client.get(START, {"next": NEXT}, HTTP_HOST="localhost")
    assert page.status_code == 200
    assert f'value="{NEXT}"' in page.content.decode()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "javascript:x", "http://alfa.localhost:1/"],
)
def test_it_never_sends_a_resident_on_to_a_foreign_site(client, alice, oidc_provider, next_url):
    client.force_login(alice)
    start_flow(client, next_url)
    [flow] = client.session[SESSION_KEY].values()
    assert flow["next"] == NEXT


def test_it_sends_a_resident_back_to_a_tenant_host_of_ours(client, alice, tenant_a, oidc_provider):
    client.force_login(alice)
    start_flow(client, "http://alfa.localhost/processes/")
    [flow] = client.session[SESSION_KEY].values()
    assert flow["next"] == "http://alfa.localhost/processes/"


def test_a_second_account_with_the_same_person_is_refused_and_the_conflict_is_kept(
    client, alice, oidc_provider
):
    client.force_login(alice)
    callback(client, sign_in_at_provider(start_flow(client), CENTRUM))

    dana = make_user("dana@example.org", "Dana Dahl")
    other = Client()
    other.cookies["django_language"] = "en"
    other.force_login(dana)
    response = callback(other, sign_in_at_provider(start_flow(other), CENTRUM))

    assert response.status_code == 409
    assert "already tied to another account" in response.content.decode()
    assert not Verification.objects.filter(user=dana).exists()
    conflict = IdentityConflict.objects.get()
    assert conflict.attempted_by == dana and conflict.identity.user == alice
    assert refusals() == ["identity_taken"]


def test_a_replayed_callback_is_refused_because_the_state_is_single_use(
    client, alice, oidc_provider
):
    client.force_login(alice)
    returned = sign_in_at_provider(start_flow(client), CENTRUM)
    assert callback(client, returned).status_code == 302

    replay = callback(client, returned)

    assert replay.status_code == 400
    assert Verification.objects.filter(user=alice).count() == 1
    assert refusals() == ["state_mismatch"]


def test_a_reused_code_is_refused_by_the_provider(client, alice, oidc_provider):
    client.force_login(alice)
    first_url = start_flow(client)
    first_state = parse_qs(urlsplit(first_url).query)["state"][0]
    first_flow = client.session[SESSION_KEY][first_state]
    returned = sign_in_at_provider(first_url, CENTRUM)
    assert callback(client, returned).status_code == 302

    # A new flow that carries the first flow's verifier and nonce: the only thing wrong
    # with the replay below is that the provider has seen its code before.
    second_state = parse_qs(urlsplit(start_flow(client)).query)["state"][0]
    session = client.session
    session[SESSION_KEY][second_state].update(
        nonce=first_flow["nonce"], verifier=first_flow["verifier"]
    )
    session.save()
    code = parse_qs(urlsplit(returned).query)["code"][0]
    replay = client.get(EID_CALLBACK, {"code": code, "state": second_state}, HTTP_HOST="localhost")

    assert replay.status_code == 400
    assert refusals() == ["code_rejected"]


def test_a_callback_with_a_state_we_never_issued_is_refused(client, alice, oidc_provider):
    client.force_login(alice)
    returned = sign_in_at_provider(start_flow(client), CENTRUM)
    parts = urlsplit(returned)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}

    forged = client.get(EID_CALLBACK, {**query, "state": "forged"}, HTTP_HOST="localhost")
    missing = client.get(
        EID_CALLBACK, {k: v for k, v in query.items() if k != "state"}, HTTP_HOST="localhost"
    )

    assert forged.status_code == missing.status_code == 400
    assert "start again" in forged.content.decode()
    assert not Verification.objects.exists()
    assert sorted(refusals()) == ["missing_state", "state_mismatch"]


def test_a_token_for_another_nonce_is_refused(client, alice, oidc_provider):
    client.force_login(alice)
    authorization_url = start_flow(client)
    state = parse_qs(urlsplit(authorization_url).query)["state"][0]
    returned = sign_in_at_provider(authorization_url, CENTRUM)
    session = client.session
    session[SESSION_KEY][state]["nonce"] = "not-the-nonce-the-provider-saw"
    session.save()

    response = callback(client, returned)

    assert response.status_code == 400
    assert not Verification.objects.exists()
    assert refusals() == ["wrong_nonce"]


def test_a_flow_left_longer_than_ten_minutes_is_refused(client, alice, oidc_provider):
    client.force_login(alice)
    returned = sign_in_at_provider(start_flow(client), CENTRUM)

    with time_machine.travel(time.time() + 11 * 60):
        response = callback(client, returned)

    assert response.status_code == 400
    assert refusals() == ["flow_expired"]


def test_it_says_so_when_the_resident_cancels_at_the_provider(client, alice, oidc_provider):
    client.force_login(alice)
    with httpx.Client(timeout=10, follow_redirects=False) as browser:
        interaction = browser.get(start_flow(client))
        page = browser.get(urljoin(oidc_provider.issuer, interaction.headers["location"]))
        abort = browser.get(str(page.url).rstrip("/") + "/abort")
        # The provider answers the abort through its authorization endpoint.
        back = browser.get(urljoin(oidc_provider.issuer, abort.headers["location"]))
    returned = back.headers["location"]
    assert "error=access_denied" in returned

    response = callback(client, returned)

    assert response.status_code == 400
    assert "cancelled" in response.content.decode()
    assert refusals() == ["access_denied"]


def test_it_says_so_when_the_provider_cannot_be_reached(client, alice, oidc_provider, settings):
    from tests.conftest import free_port

    settings.EID_OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    client.force_login(alice)

    response = client.post(START, {"next": NEXT}, HTTP_HOST="localhost")

    assert response.status_code == 400
    assert "could not be reached" in response.content.decode()
    assert refusals() == ["provider_unreachable"]


def test_an_invalid_personal_number_from_the_provider_is_refused(client, alice, oidc_provider):
    broken = {**DEMO_PERSONS[CENTRUM], PERSONAL_NUMBER_CLAIM: "198003142399"}  # bad check digit
    oidc_provider.set_person("broken", broken)
    client.force_login(alice)

    response = callback(client, sign_in_at_provider(start_flow(client), "broken"))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not PersonIdentity.objects.exists()
    assert refusals() == ["invalid_personal_number"]


# --- the ID token check on its own, with tokens signed here -----------------------------


def _token(provider: Any, *, key: Any = None, kid: str | None = None, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "sub": CENTRUM,
        "aud": provider.client_id,
        "iat": now,
        "exp": now + 300,
        "nonce": "the-nonce",
        **overrides,
    }
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(
        claims,
        key or provider.signing_key,
        algorithm="RS256",
        headers={"kid": kid or provider.signing_kid},
    )


def _refusal(token: str) -> str:
    with pytest.raises(oidc.EidError) as refused:
        oidc.validate_id_token(token, nonce="the-nonce")
    return refused.value.reason


def test_a_token_signed_with_the_providers_key_passes(oidc_provider):
    claims = oidc.validate_id_token(_token(oidc_provider), nonce="the-nonce")
    assert claims["sub"] == CENTRUM


def test_an_unknown_key_id_refetches_the_key_set_once(oidc_provider):
    # A stale cached key set (as after a key rotation) does not lock residents out.
    cache.set(oidc._cache_key("jwks"), {"keys": []})
    assert oidc.validate_id_token(_token(oidc_provider), nonce="the-nonce")


def test_a_token_signed_with_a_key_outside_the_providers_key_set_is_refused(oidc_provider):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # The same key id as the provider's key: the signature itself is what fails.
    assert _refusal(_token(oidc_provider, key=stranger)) == "bad_signature"
    # A key id the provider never published.
    assert _refusal(_token(oidc_provider, key=stranger, kid="stranger")) == "bad_signature"


def test_a_token_for_another_client_is_refused(oidc_provider):
    assert _refusal(_token(oidc_provider, aud="someone-else")) == "wrong_audience"


def test_a_token_from_another_issuer_is_refused(oidc_provider):
    assert _refusal(_token(oidc_provider, iss="http://127.0.0.1:1")) == "wrong_issuer"


def test_an_expired_token_is_refused_after_the_leeway(oidc_provider):
    token = _token(oidc_provider)
    with time_machine.travel(time.time() + 300 + oidc.LEEWAY_SECONDS - 5):
        assert oidc.validate_id_token(token, nonce="the-nonce")
    with time_machine.travel(time.time() + 300 + oidc.LEEWAY_SECONDS + 5):
        assert _refusal(token) == "token_expired"


def test_a_token_issued_in_the_future_is_refused(oidc_provider):
    later = int(time.time()) + 3600
    assert _refusal(_token(oidc_provider, iat=later, exp=later + 300)) == "token_not_yet_valid"


def test_a_token_without_a_nonce_or_with_another_is_refused(oidc_provider):
    assert _refusal(_token(oidc_provider, nonce=None)) == "invalid_token"
    assert _refusal(_token(oidc_provider, nonce="another")) == "wrong_nonce"


def test_an_unsigned_token_is_refused(oidc_provider):
    unsigned = jwt.encode({"iss": oidc_provider.issuer}, key=None, algorithm="none")
    assert _refusal(unsigned) == "bad_algorithm"


def test_starting_over_and_over_is_throttled_per_account(client, alice, oidc_provider):
    cache.clear()
    client.force_login(alice)
    for _ in range(10):
        start_flow(client)
    response = client.post(START, {"next": NEXT}, HTTP_HOST="localhost")
    assert response.status_code == 429
    assert "Too many tries." in response.content.decode()
    assert VerificationAttempt.objects.filter(user=alice, reason="throttled").count() == 1
    assert not Verification.objects.filter(user=alice).exists()
