"""The officers' e-proposal settings (period, threshold, verifications, routing rules,
days to answer per tenant) and the operators' page that appoints officers; each change
is in the platform audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from shared_apps.accounts.models import Membership
from shared_apps.eproposals.access import is_officer
from shared_apps.eproposals.models import AnswerDeadline, EProposalSettings, RoutingRule
from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenants.actions import ensure_public_tenant
from tenants.models import PlatformEvent
from tests.conftest import activate_totp, make_user, sign_in_with_two_factor
from tests.eproposals.factories import officer

pytestmark = pytest.mark.django_db

PORTAL = "localhost"


@pytest.fixture
def city(portal):
    user = officer()
    activate_totp(user)
    client = Client()
    sign_in_with_two_factor(client, user)
    client.cookies["django_language"] = "en"
    ensure_city_vocabularies()
    return client


def settings_data(**values):
    data = {
        "settings-support_days": "60",
        "settings-threshold": "150",
        "settings-answer_days": "45",
        "settings-support_verifications": ["eid"],
    }
    data.update({f"settings-{key}": value for key, value in values.items()})
    return data


def test_the_settings_page_in_both_languages_offers_city_wide_verifications(city):
    for language in ("sv", "en"):
        city.cookies["django_language"] = language
        response = city.get("/ops/e-proposals/settings/", HTTP_HOST=PORTAL)
        assert response.status_code == 200
        body = response.content.decode()
        assert 'value="eid"' in body and 'value="in_person"' in body
        assert 'value="voting_code"' not in body  # tied to one process


def test_saving_the_settings_is_audited(city):
    response = city.post("/ops/e-proposals/settings/", settings_data(), HTTP_HOST=PORTAL)
    assert response.status_code == 302
    row = EProposalSettings.current()
    assert (row.support_days, row.threshold, row.answer_days) == (60, 150, 45)
    assert row.support_verifications == ["eid"] and row.submit_verifications == []
    event = PlatformEvent.objects.get(verb="eproposals.settings_changed")
    assert event.details["changes"]["threshold"] == [200, 150]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("support_days", "0", "greater than or equal to 1"),
        ("support_days", "366", "less than or equal to 365"),
        ("threshold", "0", "greater than or equal to 1"),
        ("answer_days", "400", "less than or equal to 365"),
        ("support_verifications", ["voting_code"], "Select a valid choice"),
    ],
)
def test_bad_settings_are_refused_with_the_input_kept(city, field, value, message):
    before = EProposalSettings.current().threshold
    response = city.post(
        "/ops/e-proposals/settings/", settings_data(**{field: value}), HTTP_HOST=PORTAL
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    if isinstance(value, str):
        assert f'value="{value}"' in body  # the input is kept
    assert EProposalSettings.current().threshold == before
    assert not PlatformEvent.objects.exists()


def test_routing_rules_are_added_refused_clearly_and_deleted(city, tenant_a):
    parks = Category.objects.get(slug="parker")
    centre = Area.objects.get(slug="centrum")
    url = "/ops/e-proposals/settings/rules/"
    response = city.post(url, {"rule-tenant": tenant_a.pk}, HTTP_HOST=PORTAL)
    assert response.status_code == 400
    assert "Choose an area, a category or both." in response.content.decode()
    data = {"rule-area": centre.pk, "rule-category": parks.pk, "rule-tenant": tenant_a.pk}
    assert city.post(url, data, HTTP_HOST=PORTAL).status_code == 302
    response = city.post(url, data, HTTP_HOST=PORTAL)
    assert response.status_code == 400
    assert "There is already a rule for this area and category." in response.content.decode()
    rule = RoutingRule.objects.get()
    assert (rule.area, rule.category, rule.tenant) == (centre, parks, tenant_a)
    city.post(f"/ops/e-proposals/settings/rules/{rule.pk}/delete/", HTTP_HOST=PORTAL)
    assert not RoutingRule.objects.exists()
    assert set(PlatformEvent.objects.values_list("verb", flat=True)) == {
        "eproposals.rule_added",
        "eproposals.rule_deleted",
    }


def test_days_to_answer_per_tenant_are_set_and_removed(city, tenant_a):
    url = "/ops/e-proposals/settings/deadlines/"
    response = city.post(
        url, {"deadline-tenant": tenant_a.pk, "deadline-days": "0"}, HTTP_HOST=PORTAL
    )
    assert response.status_code == 400
    city.post(url, {"deadline-tenant": tenant_a.pk, "deadline-days": "30"}, HTTP_HOST=PORTAL)
    city.post(url, {"deadline-tenant": tenant_a.pk, "deadline-days": "20"}, HTTP_HOST=PORTAL)
    row = AnswerDeadline.objects.get()
    assert row.days == 20
    body = city.get("/ops/e-proposals/settings/", HTTP_HOST=PORTAL).content.decode()
    assert "Administration alfa" in body
    city.post(f"{url}{row.pk}/delete/", HTTP_HOST=PORTAL)
    assert not AnswerDeadline.objects.exists()
    assert (
        PlatformEvent.objects.filter(verb="eproposals.deadline_set", tenant=tenant_a).count() == 2
    )


def test_a_platform_operator_appoints_and_removes_officers(portal, alice):
    operator = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(operator)
    client = Client()
    sign_in_with_two_factor(client, operator)
    client.cookies["django_language"] = "en"
    url = "/ops/e-proposals/officers/"
    response = client.post(url, {"email": "nobody@example.org"}, HTTP_HOST=PORTAL)
    assert response.status_code == 400
    assert "There is no account with this e-mail address." in response.content.decode()
    assert client.post(url, {"email": "ALICE@example.org"}, HTTP_HOST=PORTAL).status_code == 302
    alice.forget_roles()
    assert is_officer(alice)
    membership = Membership.objects.get(user=alice, tenant=ensure_public_tenant())
    assert membership.role == "moderator"
    assert "alice@example.org" in client.get(url, HTTP_HOST=PORTAL).content.decode()
    client.post(f"{url}{membership.pk}/revoke/", HTTP_HOST=PORTAL)
    alice.forget_roles()
    assert not is_officer(alice)
    assert list(PlatformEvent.objects.order_by("pk").values_list("verb", "details")) == [
        ("eproposals.officer_granted", {"user": "alice@example.org"}),
        ("eproposals.officer_revoked", {"user": "alice@example.org", "role": "moderator"}),
    ]


def test_an_officer_cannot_appoint_officers(city):
    assert city.get("/ops/e-proposals/officers/", HTTP_HOST=PORTAL).status_code == 404
    response = city.post(
        "/ops/e-proposals/officers/", {"email": "officer@example.org"}, HTTP_HOST=PORTAL
    )
    assert response.status_code == 404
    assert Membership.objects.count() == 1
