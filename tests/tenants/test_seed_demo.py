"""`seed_demo` makes a living city: live processes across tenants, proposals with
supports, comments and answers, and residents with entries in their inbox."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from shared_apps.notifications.models import Notification
from shared_apps.portal.models import CatalogEntry
from tenant_apps.budgets.models import Budget
from tenant_apps.comments.models import Comment
from tenant_apps.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_it_seeds_a_living_city_once(portal):
    call_command("seed_demo", stdout=io.StringIO())
    kinds = set(CatalogEntry.objects.values_list("tenant__slug", "kind"))
    assert {
        ("kultur", "call_for_ideas"),
        ("stadsmiljo", "process"),
        ("stadsmiljo", "vote"),
    } <= kinds
    assert CatalogEntry.objects.filter(kind="process").values("tenant").distinct().count() >= 3
    with schema_context("t_kultur"):
        assert Proposal.objects.count() == 4
        assert Comment.objects.count() == 4
    with schema_context("t_stadsmiljo"):
        assert Proposal.objects.filter(state="accepted").count() == 4
        assert all(p.supports_count > 0 for p in Proposal.objects.all())
        budget = Budget.objects.get()
        # The accepted ideas became projects, and residents have voted online and on paper.
        assert budget.projects.count() == 7 and budget.frozen_at is not None
        channels = sorted(
            budget.ballots.filter(status="submitted").values_list("channel", flat=True)
        )
        assert channels == ["online"] * 3 + ["paper"] * 2
    resident = set(
        Notification.objects.filter(user__email="invanare@torget.example").values_list(
            "event", flat=True
        )
    )
    assert resident == {"comment", "answer", "debate_concluded"}
    before = Notification.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Notification.objects.count() == before
    with schema_context("t_kultur"):
        assert Proposal.objects.count() == 4


def test_the_demo_city_has_meetings_a_debate_and_an_answered_survey(portal):
    from tenant_apps.debates.models import Debate
    from tenant_apps.forms.models import Response
    from tenant_apps.meetings.models import Meeting, Registration

    call_command("seed_demo", stdout=io.StringIO())
    with schema_context("t_idrott"):
        assert Debate.objects.filter(published=True).count() == 2
        responses = Response.objects.all()
        assert responses.count() == 4
        assert all(response.user_id is None for response in responses)  # anonymous
        assert Meeting.objects.filter(published=True).exists()
        assert Registration.objects.filter(status="registered").exists()
    kinds = set(CatalogEntry.objects.values_list("kind", flat=True))
    assert {"vote", "call_for_ideas", "survey", "meeting"} <= kinds


def test_the_demo_city_has_eproposals_in_every_stage(portal):
    from shared_apps.eproposals.models import EProposal
    from shared_apps.eproposals.stats import city_figures

    call_command("seed_demo", stdout=io.StringIO())
    statuses = set(EProposal.objects.values_list("status", flat=True))
    assert statuses == {
        "pending",
        "declined",
        "open",
        "closed",
        "investigating",
        "decided",
    }
    decided = EProposal.objects.get(status="decided")
    assert decided.supports_count == decided.threshold == 200
    assert decided.follow_ups.exists() and decided.carried_out_at is not None
    assert EProposal.objects.overdue().count() == 1
    assert EProposal.objects.filter(status="open", tenant__isnull=True).count() == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert EProposal.objects.count() == 7
    # The demo's committee took 47 days from the threshold to its decision.
    assert city_figures().median_days == 47.0
