"""Followers of a process hear that voting has opened when a phase change opens the vote
of a budgets component (and not when it stays open, nor for hidden components)."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from shared_apps.notifications.actions import follow
from shared_apps.notifications.models import Notification
from tenant_apps.spaces.catalog import space_key
from tenant_apps.spaces.phases import activate_phase, advance_phases
from tests.budgets.factories import make_budgets_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def vote_in_second_phase(process, **fields):
    component = make_budgets_component(process, **fields)
    first, second = process.phases.order_by("position")[:2]
    component.phase_settings = {
        str(first.pk): {"votes_enabled": False},
        str(second.pk): {"votes_enabled": True},
    }
    component.save()
    return component


def test_followers_hear_that_voting_opened(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("budget", phases=3)
        component = vote_in_second_phase(process)
        follow(alice, space_key(process), title_sv="Budget", path="/processes/budget/")
        activate_phase(process.phases.get(position=1), by=bob)
        opened = Notification.objects.get(event="vote_opened")
        assert opened.user == alice and opened.path == component.get_absolute_url()
        assert (opened.text_sv, opened.text_en) == ("Medborgarbudget", "Participatory budget")
        # The vote closes in phase 3: nothing more about voting.
        activate_phase(process.phases.get(position=2), by=bob)
        assert Notification.objects.filter(event="vote_opened").count() == 1


def test_the_calendar_opens_the_vote_too(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("budget", starts=date(2030, 1, 1), days=60, phases=2)
        vote_in_second_phase(process)
        follow(alice, space_key(process), title_sv="Budget", path="/processes/budget/")
        advance_phases(today=date(2030, 2, 15))
        advance_phases(today=date(2030, 2, 16))
        assert Notification.objects.filter(event="vote_opened").count() == 1


def test_hidden_components_and_unpublished_processes_stay_quiet(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("budget")
        component = vote_in_second_phase(process)
        component.published = False
        component.save()
        follow(alice, space_key(process), title_sv="Budget", path="/processes/budget/")
        activate_phase(process.phases.get(position=1), by=bob)
        assert not Notification.objects.filter(event="vote_opened").exists()
