"""A resident's alerts, and the record of alerts sent, are their data."""

from __future__ import annotations

import pytest

from shared_apps.alerts.actions import set_subscriptions
from shared_apps.alerts.models import AlertSent, AlertSubscription
from shared_apps.privacy.actions import delete_account
from shared_apps.privacy.archive import collect
from shared_apps.privacy.registry import Scope
from tests.alerts.factories import make_area

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_alerts(tenant_a, alice):
    norr = make_area("alert-norr", "Norr")
    set_subscriptions(alice, areas=[norr], categories=[], tenants=[tenant_a])
    AlertSent.objects.create(user=alice, tenant=tenant_a, entry_key="process:1")

    exported = collect(alice, Scope.PUBLIC)
    assert len(exported["alerts.AlertSubscription.json"]) == 2
    assert exported["alerts.AlertSent.json"][0]["entry_key"] == "process:1"

    delete_account(alice, confirmation=alice.email)
    assert not AlertSubscription.objects.exists()
    assert not AlertSent.objects.exists()
