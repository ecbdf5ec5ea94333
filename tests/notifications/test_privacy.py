"""Follows, inbox entries and settings are in a data export and go with the account."""

from __future__ import annotations

import pytest

from shared_apps.identity.models import PersonIdentity
from shared_apps.notifications.actions import follow, set_email_choice
from shared_apps.notifications.models import Follow, Notification, NotificationSettings
from shared_apps.privacy.actions import delete_account
from shared_apps.privacy.archive import collect
from shared_apps.privacy.registry import Scope
from tests.notifications.factories import make_notification

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_the_resident_s_notification_rows(tenant_a, alice):
    follow(alice, "process:1", title_sv="Parken", path="/p/", tenant=tenant_a)
    make_notification(alice, tenant_a, title_sv="Parkbänken")
    set_email_choice(alice, "weekly")

    exported = collect(alice, Scope.PUBLIC)
    assert exported["notifications.Follow.json"][0]["path"] == "/p/"
    assert exported["notifications.Follow.json"][0]["key"] == "process:1"
    assert exported["notifications.Notification.json"][0]["title_sv"] == "Parkbänken"
    assert exported["notifications.NotificationSettings.json"][0]["email"] == "weekly"

    delete_account(alice, confirmation=alice.email)
    assert not Follow.objects.exists()
    assert not Notification.objects.exists()
    assert not NotificationSettings.objects.exists()


def test_the_identity_key_stays_out_of_the_export_though_follow_keys_go_in(alice):
    PersonIdentity.objects.create(user=alice, key="f" * 64, handler="eid")
    exported = collect(alice, Scope.PUBLIC)
    assert exported["identity.PersonIdentity.json"][0]["handler"] == "eid"
    assert "key" not in exported["identity.PersonIdentity.json"][0]
