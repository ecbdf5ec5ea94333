"""notify(): followers of the keys and the named recipients, minus the actor, in bulk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.notifications.actions import follow, notify, set_email_choice
from shared_apps.notifications.models import Notification
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _notify(tenant, **extra):
    return notify(
        "comment",
        title_sv="Parken",
        title_en="The park",
        path="/processes/parken/",
        tenant=tenant,
        **extra,
    )


def _follow(user, tenant, key="process:1"):
    return follow(user, key, title_sv="Parken", path="/processes/parken/", tenant=tenant)


def test_it_reaches_followers_and_recipients_but_not_the_actor(tenant_a, alice):
    bob = make_user("bob@example.org", "Bob")
    dora = make_user("dora@example.org", "Dora")
    erik = make_user("erik@example.org", "Erik")
    _follow(alice, tenant_a)
    _follow(bob, tenant_a)
    _follow(erik, tenant_a, key="process:2")  # another thing

    created = _notify(tenant_a, keys=["process:1"], recipients=[dora.pk, alice.pk], actor=bob)

    assert created == 2
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        "alice@example.org",
        "dora@example.org",
    }
    entry = Notification.objects.get(user=alice)
    assert entry.tenant == tenant_a and entry.event == "comment" and entry.read_at is None


def test_it_ignores_followers_of_the_same_key_in_another_tenant(tenant_a, tenant_b, alice):
    _follow(alice, tenant_b)
    assert _notify(tenant_a, keys=["process:1"]) == 0


def test_it_skips_inactive_accounts(tenant_a, alice):
    _follow(alice, tenant_a)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert _notify(tenant_a, keys=["process:1"]) == 0


def test_it_settles_entries_of_residents_who_want_no_mail(tenant_a, alice):
    set_email_choice(alice, "never")
    _notify(tenant_a, recipients=[alice.pk])
    assert Notification.objects.get(user=alice).emailed_at is not None


def test_it_costs_the_same_queries_for_few_and_many_followers(tenant_a):
    def count_for(followers: int, key: str) -> int:
        for number in range(followers):
            _follow(make_user(f"f{key}{number}@example.org", "F"), tenant_a, key=key)
        with CaptureQueriesContext(connection) as queries:
            assert _notify(tenant_a, keys=[key]) == followers
        return len(queries)

    assert count_for(2, "process:7") == count_for(25, "process:8") <= 2


def test_it_refuses_unknown_events(tenant_a):
    with pytest.raises(ValueError):
        notify("nonsense", title_sv="x", title_en="x", path="/", tenant=tenant_a)
