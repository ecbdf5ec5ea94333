"""The alerts page on the portal: plain checkboxes, saved as a set, refused input kept."""

from __future__ import annotations

import pytest

from shared_apps.alerts.models import AlertSubscription
from shared_apps.alerts.tasks import send_alerts
from shared_apps.notifications.models import Notification
from shared_apps.portal.models import CatalogEntry
from tenants.models import Tenant
from tests.alerts.factories import make_area, make_category
from tests.conftest import host_of, make_user

pytestmark = pytest.mark.django_db

PAGE = "/account/alerts/"


def chosen(user) -> list[str]:
    rows = AlertSubscription.objects.filter(user=user).select_related("area", "category", "tenant")
    return sorted(
        (row.area or row.category or row.tenant).slug  # type: ignore[union-attr]
        for row in rows
    )


def test_it_saves_ticked_areas_categories_and_tenants(client, tenant_a, tenant_b, alice):
    make_area("alert-norr", "Norr", "North")
    make_area("alert-soder", "Söder", "South")
    make_category("alert-parker", "Parker", "Parks")
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert 'type="checkbox" name="areas" value="alert-norr"' in body
    assert 'value="alfa"' in body and "Administration alfa" in body
    response = client.post(
        PAGE,
        {"areas": ["alert-norr"], "categories": ["alert-parker"], "tenants": ["beta"]},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    assert chosen(alice) == ["alert-norr", "alert-parker", "beta"]
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert "Your alerts are saved." in body
    assert 'value="alert-norr" id="id_areas_0" checked' in body or (
        'value="alert-norr"' in body and "checked" in body
    )
    # Unticking is unsubscribing: only what is ticked stays.
    client.post(PAGE, {"areas": ["alert-soder"]}, HTTP_HOST="localhost")
    assert chosen(alice) == ["alert-soder"]


def test_unticking_an_area_stops_its_alerts(client, tenant_a, alice):
    norr = make_area("alert-norr", "Norr")
    client.force_login(alice)
    client.post(PAGE, {"areas": [norr.slug]}, HTTP_HOST="localhost")
    client.post(PAGE, {}, HTTP_HOST="localhost")
    entry = CatalogEntry.objects.create(
        tenant=tenant_a, key="process:1", space_key="process:1", kind="process",
        title_sv="Parken", path="/processes/parken/", areas=["alert-norr"],
    )  # fmt: skip
    assert send_alerts(tenant_a.pk, [entry.pk]) == 0
    assert not Notification.objects.exists()


def test_stop_all_removes_every_alert(client, tenant_a, alice):
    make_area("alert-norr", "Norr")
    client.force_login(alice)
    client.post(PAGE, {"areas": ["alert-norr"], "tenants": ["alfa"]}, HTTP_HOST="localhost")
    response = client.post(PAGE + "stop/", HTTP_HOST="localhost")
    assert response.status_code == 302 and chosen(alice) == []


def test_bad_input_is_refused_with_a_message_and_keeps_the_ticks(client, tenant_a, alice):
    make_area("alert-norr", "Norr")
    make_area("alert-soder", "Söder")
    client.force_login(alice)
    client.post(PAGE, {"areas": ["alert-soder"]}, HTTP_HOST="localhost")
    client.cookies["django_language"] = "en"
    for bad in (
        {"areas": ["alert-norr", "finns-inte"]},
        {"areas": ["alert-norr"], "tenants": ["public"]},
        {"areas": ["alert-norr"], "categories": ["' OR 1=1 --"]},
    ):
        response = client.post(PAGE, bad, HTTP_HOST="localhost")
        body = response.content.decode()
        assert response.status_code == 400
        assert "Your alerts were not saved" in body
        assert "is not one of the available choices" in body
        assert 'value="alert-norr"' in body and "checked" in body
        assert chosen(alice) == ["alert-soder"]  # nothing lost, nothing half-saved


def test_a_suspended_tenant_is_not_offered(client, tenant_a, tenant_b, alice):
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    client.force_login(alice)
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert 'value="beta"' in body and 'value="alfa"' not in body
    response = client.post(PAGE, {"tenants": ["alfa"]}, HTTP_HOST="localhost")
    assert response.status_code == 400 and chosen(alice) == []


def test_a_tenant_host_does_not_serve_it(client, tenant_a, alice):
    client.force_login(alice)
    assert client.get(PAGE, HTTP_HOST=host_of(tenant_a)).status_code == 404
    assert client.post(PAGE, {}, HTTP_HOST=host_of(tenant_a)).status_code == 404
    assert client.post(PAGE + "stop/", HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_another_resident_sees_nothing_of_it(client, tenant_a, alice):
    make_area("alert-norr", "Norr")
    client.force_login(alice)
    client.post(PAGE, {"areas": ["alert-norr"], "tenants": ["alfa"]}, HTTP_HOST="localhost")
    client.force_login(make_user("bertil@example.org", "Bertil"))
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert "checked" not in body
    client.post(PAGE + "stop/", HTTP_HOST="localhost")
    assert chosen(alice) == ["alert-norr", "alfa"]


def test_visitors_are_sent_to_sign_in(client, portal):
    response = client.get(PAGE, HTTP_HOST="localhost")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("tenants", [1, 5])
def test_the_page_costs_the_same_with_more_tenants_and_choices(
    client, make_tenant, alice, tenants, django_assert_num_queries
):
    for number in range(tenants):
        make_tenant(f"del{'abcde'[number]}")
        make_area(f"alert-{number}", f"Område {number}")
    client.force_login(alice)
    client.post(
        PAGE, {"tenants": ["dela"], "areas": [f"alert-{n}" for n in range(tenants)]},
        HTTP_HOST="localhost",
    )  # fmt: skip
    # search_path, session, user, roles, unread count, the resident's alerts, and the
    # three lists of choices.
    with django_assert_num_queries(9):
        client.get(PAGE, HTTP_HOST="localhost")
