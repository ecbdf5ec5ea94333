"""The tenant's staff overview: only staff of this tenant see it."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from tenant_apps.actionlog.actions import log_action
from tenants.roles import grant_role
from tests.conftest import host_of, make_user

pytestmark = pytest.mark.django_db


def test_it_shows_roles_and_actions_to_the_tenant_admin(client, tenant_a, bob):
    client.force_login(bob)
    response = client.get("/staff/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "bob@example.org" in body
    assert "membership.granted" in body


def test_it_answers_404_to_the_admin_of_another_tenant(client, tenant_a, bob, charlie):
    client.force_login(charlie)
    response = client.get("/staff/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 404


def test_it_answers_404_to_a_resident(client, tenant_a, alice):
    client.force_login(alice)
    assert client.get("/staff/", HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in_on_the_portal(client, tenant_a):
    response = client.get("/staff/", HTTP_HOST=host_of(tenant_a), follow=False)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/staff/")
    onward = client.get(response["Location"], HTTP_HOST=host_of(tenant_a))
    assert onward["Location"].startswith("http://localhost/sign-in/handoff/?next=")


def test_the_staff_page_has_a_query_budget(client, tenant_a, bob, django_assert_max_num_queries):
    for number in range(15):
        grant_role(
            tenant_a,
            make_user(f"staff{number}@example.org", f"S {number}"),
            Membership.Role.MODERATOR,
            by=bob,
        )
    with schema_context(tenant_a.schema_name):
        for number in range(20):
            log_action(bob, "test.action", target=str(number))
    client.force_login(bob)
    with django_assert_max_num_queries(10):
        response = client.get("/staff/", HTTP_HOST=host_of(tenant_a))
    assert response.content.decode().count("staff") >= 15
