"""The portal's "Your participation" page: every tenant in one place, costing the same
however many tenants and rows, and nobody else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.notifications.actions import follow
from shared_apps.participation.actions import record
from tenants.models import Tenant
from tests.conftest import host_of, make_user

pytestmark = pytest.mark.django_db

PAGE = "/account/participation/"


def fill(tenant, user, count: int) -> None:
    """Give the user `count` rows of each kind in the tenant, and one follow."""
    now = timezone.now()
    for number in range(count):
        for kind, key in (
            ("proposal", f"proposal:{number}"),
            ("support", f"proposal:{1000 + number}"),
            ("ballot", f"budget:{number}"),
            ("comment", f"comment:{number}"),
        ):
            record(
                user, kind, key,
                title_sv=f"{kind} {tenant.slug} {number}", title_en=f"{kind} en {number}",
                path=f"/processes/p/{kind}/{number}/", when=now - timedelta(minutes=number),
                tenant=tenant,
            )  # fmt: skip
    follow(user, "process:1", title_sv=f"Följd {tenant.slug}", path="/processes/p/", tenant=tenant)


def test_it_lists_participation_from_every_tenant_with_links_to_their_hosts(
    client, tenant_a, tenant_b, alice
):
    fill(tenant_a, alice, 1)
    fill(tenant_b, alice, 1)
    client.force_login(alice)
    client.cookies["django_language"] = "sv"
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert "proposal alfa 0" in body and "proposal beta 0" in body
    assert 'href="http://alfa.localhost/processes/p/ballot/0/"' in body
    assert 'href="http://beta.localhost/processes/p/comment/0/"' in body
    assert "Följd alfa" in body and "Följd beta" in body
    client.cookies["django_language"] = "en"
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert "ballot en 0" in body
    positions = [
        body.index(heading)
        for heading in (
            "Your proposals", "Proposals you support", "Your votes", "Your comments",
            "What you follow",
        )
    ]  # fmt: skip
    assert positions == sorted(positions)


def test_it_lists_newest_first_within_a_kind(client, tenant_a, alice):
    fill(tenant_a, alice, 3)
    client.force_login(alice)
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert (
        body.index("proposal alfa 0")
        < body.index("proposal alfa 1")
        < body.index("proposal alfa 2")
    )


@pytest.mark.parametrize(("tenants", "per_tenant"), [(1, 1), (1, 20), (5, 1), (5, 20)])
def test_it_costs_the_same_with_more_rows_and_tenants(
    client, make_tenant, alice, tenants, per_tenant, django_assert_num_queries
):
    for number in range(tenants):
        fill(make_tenant(f"del{'abcde'[number]}"), alice, per_tenant)
    client.force_login(alice)
    client.get(PAGE, HTTP_HOST="localhost")  # the host lookup is remembered after this
    # search_path, session, user, roles, participation rows (tenants joined), follows,
    # unread count: the same for every case.
    with django_assert_num_queries(7):
        response = client.get(PAGE, HTTP_HOST="localhost")
    assert response.content.decode().count("<li>\n              <a href=") >= 5 * tenants


def test_another_resident_sees_nothing_of_it(client, tenant_a, alice):
    fill(tenant_a, alice, 2)
    bertil = make_user("bertil@example.org", "Bertil")
    client.force_login(bertil)
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert "alfa" not in body.split("<main", 1)[1]
    assert "Nothing yet" in body or "Inget än" in body


def test_a_tenant_host_does_not_serve_it(client, tenant_a, alice):
    fill(tenant_a, alice, 1)
    client.force_login(alice)
    assert client.get(PAGE, HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_visitors_are_sent_to_sign_in(client, portal):
    response = client.get(PAGE, HTTP_HOST="localhost")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_suspended_tenant_leaves_the_page(client, tenant_a, tenant_b, alice):
    fill(tenant_a, alice, 1)
    fill(tenant_b, alice, 1)
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    client.force_login(alice)
    body = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert "proposal beta 0" in body and "proposal alfa 0" not in body


def test_a_hidden_proposal_disappears_from_the_page(client, tenant_a, alice, bob):
    from tenant_apps.moderation import actions as moderation
    from tenant_apps.proposals.supports import support
    from tests.proposals.factories import make_proposal, make_proposals_component

    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), None, "Fler träd vid dammen")
        support(alice, proposal)
    client.force_login(alice)
    assert "Fler träd vid dammen" in client.get(PAGE, HTTP_HOST="localhost").content.decode()
    with schema_context(tenant_a.schema_name):
        moderation.hide(bob, "proposal", proposal, reason="Reklam")
    assert "Fler träd vid dammen" not in client.get(PAGE, HTTP_HOST="localhost").content.decode()
