"""Reminders of unfinished ballots: once per draft, only after the component's hours, only
while voting is open; and the hourly fan-out over tenants."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tenants.utils import schema_context

from config.celery import app
from shared_apps.mail.models import OutgoingMail
from tenant_apps.budgets import tasks
from tenant_apps.budgets.models import Ballot
from tenant_apps.budgets.voting import add_project, submit_ballot
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def reminders() -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(kind="budget_reminder"))


def test_a_draft_is_reminded_once_after_the_hours(tenant_a, alice):
    voted = make_user("vera@example.org", "Vera", preferred_language="en")
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(settings={"reminder_hours": 24}), min_share=0)
        park = make_project(budget, "Parken", 100)
        add_project(alice, budget, park.pk)
        add_project(voted, budget, park.pk)
        submit_ballot(voted, budget)
        with time_machine.travel(timezone.now() + timedelta(hours=23)):
            assert tasks.remind_unfinished_ballots(tenant_a.schema_name) == 0
        with time_machine.travel(timezone.now() + timedelta(hours=25)):
            assert tasks.remind_unfinished_ballots(tenant_a.schema_name) == 1
            assert tasks.remind_unfinished_ballots(tenant_a.schema_name) == 0
        ballot = Ballot.objects.get(user=alice)
        assert ballot.reminded_at is not None
        assert tasks.remind_one(ballot.pk) == 0  # idempotent, also by id
    (mail,) = reminders()
    assert mail.to == [alice.email]
    assert budget.get_absolute_url() in mail.body_text and "alfa.localhost" in mail.body_text


def test_no_reminders_when_closed_turned_off_or_hidden(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        closed = make_budgets_component()
        off = make_budgets_component(closed.process, settings={"reminder_hours": 0})
        hidden = make_budgets_component(closed.process)
        for component in (closed, off, hidden):
            budget = make_budget(component)
            add_project(alice, budget, make_project(budget, "Parken", 100).pk)
        active = closed.process.phases.get(is_active=True)
        closed.phase_settings = {str(active.pk): {"votes_enabled": False}}
        closed.save()
        hidden.published = False
        hidden.save()
        with time_machine.travel(timezone.now() + timedelta(days=30)):
            assert tasks.remind_due() == 0
    assert reminders() == []


def test_an_edited_draft_waits_again(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(settings={"reminder_hours": 2}))
        first, second = make_project(budget, "A", 1), make_project(budget, "B", 1)
        add_project(alice, budget, first.pk)
        later = timezone.now() + timedelta(hours=3)
        with time_machine.travel(later):
            add_project(alice, budget, second.pk)  # still working on it
            assert tasks.remind_due() == 0
        with time_machine.travel(later + timedelta(hours=2, minutes=1)):
            assert tasks.remind_due() == 1


def test_the_hourly_job_fans_out_over_ready_tenants(tenant_a, tenant_b, monkeypatch):
    sent: list[str] = []
    monkeypatch.setattr(tasks.remind_unfinished_ballots, "delay", sent.append)
    assert tasks.remind_unfinished_ballots_everywhere() == 2
    assert sorted(sent) == sorted([tenant_a.schema_name, tenant_b.schema_name])
    entry = app.conf.beat_schedule["remind-unfinished-ballots"]
    assert entry["task"] == "tenant_apps.budgets.tasks.remind_unfinished_ballots_everywhere"
