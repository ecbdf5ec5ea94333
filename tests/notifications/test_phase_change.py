"""A new active phase tells the process's followers, by staff and by the calendar."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from shared_apps.notifications.actions import follow
from shared_apps.notifications.models import Notification
from tenant_apps.spaces.catalog import space_key
from tenant_apps.spaces.phases import activate_phase, advance_phases
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def test_it_notifies_followers_when_staff_activate_a_phase(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        follow(alice, space_key(process), title_sv="Parken", path="/processes/parken/")
        follow(bob, space_key(process), title_sv="Parken", path="/processes/parken/")
        activate_phase(process.phases.get(position=1), by=bob)

    entry = Notification.objects.get()  # not bob: he did it
    assert entry.user == alice and entry.event == "phase_changed" and entry.tenant == tenant_a
    assert (entry.text_sv, entry.text_en, entry.path) == ("Fas 2", "Phase 2", "/processes/parken/")


def test_it_notifies_followers_when_the_dates_move_the_phase(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", starts=date(2030, 1, 1), days=60, phases=2)
        follow(alice, space_key(process), title_sv="Parken", path="/processes/parken/")
        advance_phases(today=date(2030, 2, 15))
        advance_phases(today=date(2030, 2, 16))

    assert list(Notification.objects.values_list("text_en", flat=True)) == ["Phase 2"]


def test_it_stays_quiet_for_unpublished_processes(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=False, starts=date(2030, 1, 1))
        follow(alice, space_key(process), title_sv="Parken", path="/processes/parken/")
        advance_phases(today=date(2030, 2, 15))
    assert not Notification.objects.exists()
