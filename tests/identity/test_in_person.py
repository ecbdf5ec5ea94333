"""Staff with the verifier role verify residents in person; who, when and on what
evidence is logged; a verifier of another tenant gets 404."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from shared_apps.identity.models import IdentityConflict, Verification, VerificationAttempt
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenant_apps.actionlog.models import Action
from tenants.roles import grant_role
from tests.conftest import activate_totp, host_of, make_user, sign_in
from tests.identity.factories import personal_number

URL = "/manage/verify/"


@pytest.fixture
def vera(tenant_a, bob):
    """A librarian with the verifier role in tenant A."""
    ensure_city_vocabularies()
    user = make_user("vera@example.org", "Vera Verifierare")
    grant_role(tenant_a, user, Membership.Role.VERIFIER, by=bob)
    activate_totp(user)
    return user


def form(**fields):
    return {
        "email": "alice@example.org",
        "personal_number": personal_number("19800101"),
        "postal_code": "424 30",
        "evidence": "id_card",
        **fields,
    }


def test_a_verifier_verifies_a_resident_and_it_is_logged(client, tenant_a, vera, alice):
    sign_in(client, vera)
    response = client.post(URL, form(), HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    verification = Verification.objects.get(user=alice)
    assert verification.handler == "in_person"
    assert (verification.verified_by, verification.tenant, verification.evidence) == (
        vera,
        tenant_a,
        "id_card",
    )
    assert verification.attributes == {
        "birth_date": "1980-01-01",
        "postal_code": "42430",
        "area": "angered",
        "municipality": "1480",
    }
    with schema_context(tenant_a.schema_name):
        action = Action.objects.get(verb="verification.in_person")
        assert action.actor == vera
        assert action.data == {"evidence": "id_card", "verification": verification.pk}
        assert "alice" not in action.target


def test_bad_input_is_kept_with_a_message_per_field(client, tenant_a, vera, alice):
    sign_in(client, vera)
    response = client.post(
        URL,
        form(email="nobody@example.org", personal_number="19800101-0018", postal_code="11122",
             evidence="other"),
        HTTP_HOST=host_of(tenant_a),
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "No account has that address.",
        "The personal identity number is not valid: check the digits.",
        "11122 is not a postal code in Göteborg.",
        "Describe the document you checked.",
    ):
        assert message in page
    assert 'value="nobody@example.org"' in page
    assert not Verification.objects.exists()


def test_the_person_of_another_account_is_refused(client, tenant_a, vera, alice):
    number = personal_number("19800101")
    sign_in(client, vera)
    client.post(URL, form(), HTTP_HOST=host_of(tenant_a))
    make_user("alias@example.org", "Alias")
    response = client.post(URL, form(email="alias@example.org"), HTTP_HOST=host_of(tenant_a))
    assert "already tied to another account" in response.content.decode()
    assert number in response.content.decode()  # the staff member's input is kept
    assert Verification.objects.count() == 1
    assert IdentityConflict.objects.get().attempted_by.email == "alias@example.org"
    assert VerificationAttempt.objects.filter(outcome="refused", reason="identity_taken").exists()


def test_a_verifier_of_another_tenant_and_a_resident_get_404(
    client, tenant_a, tenant_b, bob, alice
):
    ensure_city_vocabularies()
    other = make_user("otto@example.org", "Otto")
    grant_role(tenant_b, other, Membership.Role.VERIFIER)
    activate_totp(other)
    for user in (other, alice):
        sign_in(client, user)
        assert client.get(URL, HTTP_HOST=host_of(tenant_a)).status_code == 404
        assert client.post(URL, form(), HTTP_HOST=host_of(tenant_a)).status_code == 404
    assert not Verification.objects.exists()
    # The tenant's own admin may verify too.
    sign_in(client, bob)
    assert client.get(URL, HTTP_HOST=host_of(tenant_a)).status_code == 200
