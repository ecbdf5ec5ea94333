"""The alert task: who matches, what kinds alert, and a fixed cost per batch of residents."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from shared_apps.accounts.models import User
from shared_apps.alerts.actions import set_subscriptions
from shared_apps.alerts.models import AlertSubscription
from shared_apps.alerts.tasks import RECIPIENTS_PER_BATCH, send_alerts
from shared_apps.notifications.models import Notification
from shared_apps.portal.models import CatalogEntry
from tenants.models import Tenant
from tests.alerts.factories import make_area, make_category
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def entry(tenant, key="process:1", **fields) -> CatalogEntry:
    fields.setdefault("kind", "process")
    return CatalogEntry.objects.create(
        tenant=tenant, key=key, space_key=key.split(":component")[0], title_sv="Parken",
        path="/processes/parken/", **fields,
    )  # fmt: skip


def test_it_matches_by_area_category_or_tenant_once_per_resident(tenant_a, tenant_b, alice):
    norr, parker = make_area("alert-norr", "Norr"), make_category("alert-parker", "Parker")
    make_area("alert-soder", "Söder")
    berit, carl, dora = (make_user(f"{n}@example.org", n) for n in ("berit", "carl", "dora"))
    set_subscriptions(alice, areas=[norr], categories=[parker], tenants=[tenant_a])
    set_subscriptions(berit, areas=[], categories=[parker], tenants=[])
    set_subscriptions(carl, areas=[], categories=[], tenants=[tenant_a])
    set_subscriptions(dora, areas=[], categories=[], tenants=[tenant_b])
    new = entry(tenant_a, areas=["alert-norr", "alert-soder"], categories=["alert-parker"])
    assert send_alerts(tenant_a.pk, [new.pk]) == 3
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "alice@example.org", "berit@example.org", "carl@example.org",
    ]  # fmt: skip


def test_only_things_to_take_part_in_alert_and_only_from_ready_tenants(tenant_a, alice):
    set_subscriptions(alice, areas=[], categories=[], tenants=[tenant_a])
    meeting = entry(tenant_a, "assembly:1", kind="assembly")
    vote = entry(tenant_a, "process:2:component:3:vote", kind="vote")
    ideas = entry(tenant_a, "process:2:component:4:ideas", kind="call_for_ideas")
    survey = entry(tenant_a, "process:2:component:5:survey", kind="survey")
    assert send_alerts(tenant_a.pk, [meeting.pk]) == 0
    assert send_alerts(tenant_a.pk, [vote.pk, ideas.pk, survey.pk]) == 3
    texts = set(Notification.objects.values_list("text_en", flat=True))
    assert texts == {"Open vote", "Call for ideas", "Survey"}
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    assert send_alerts(tenant_a.pk, [entry(tenant_a, "process:9").pk]) == 0


def test_ids_of_another_tenant_or_gone_rows_do_nothing(tenant_a, tenant_b, alice):
    set_subscriptions(alice, areas=[], categories=[], tenants=[tenant_a, tenant_b])
    theirs = entry(tenant_b)
    assert send_alerts(tenant_a.pk, [theirs.pk, 10**9]) == 0


def test_inactive_accounts_are_skipped(tenant_a, alice):
    set_subscriptions(alice, areas=[], categories=[], tenants=[tenant_a])
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert send_alerts(tenant_a.pk, [entry(tenant_a).pk]) == 0


def test_many_subscribers_cost_a_few_queries_per_batch(tenant_a, django_assert_max_num_queries):
    norr = make_area("alert-norr", "Norr")
    count = 2 * RECIPIENTS_PER_BATCH + 500
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"r{n}@example.org", display_name=f"R {n}", password=password)
        for n in range(count)
    )
    AlertSubscription.objects.bulk_create(AlertSubscription(user=u, area=norr) for u in users)
    new = entry(tenant_a, areas=["alert-norr"])
    # Entries, claim, savepoint and release, and per batch of residents: notify's one
    # SELECT and one bulk INSERT (3 batches) — not one query per resident.
    with django_assert_max_num_queries(4 + 2 * 3):
        assert send_alerts(tenant_a.pk, [new.pk]) == count
    assert Notification.objects.count() == count
