"""The tenant actions write residents' participation index in their own transactions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.participation.models import Participation
from tenant_apps.budgets.voting import add_project, reopen_ballot, submit_ballot
from tenant_apps.comments.actions import delete_comment, post_comment
from tenant_apps.moderation import actions as moderation
from tenant_apps.proposals.actions import create_proposal, edit_proposal, withdraw_proposal
from tenant_apps.proposals.supports import support, withdraw_support
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import make_user
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = pytest.mark.django_db

BODY = "Det behövs fler bänkar vid dammen i parken."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def rows(user) -> list[tuple[str, str, str]]:
    return sorted(Participation.objects.filter(user=user).values_list("kind", "key", "title_sv"))


def test_it_notes_a_proposal_follows_its_title_and_drops_it_when_withdrawn(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"edit_minutes": 60})
        proposal = create_proposal(alice, component, {"title": "Fler bänkar", "body": BODY})
        key = f"proposal:{proposal.pk}"
        assert rows(alice) == [("proposal", key, "Fler bänkar")]
        row = Participation.objects.get(user=alice)
        assert row.tenant == tenant_a and row.path == proposal.get_absolute_url()
        edit_proposal(alice, proposal, {"title": "Bänkar vid dammen", "body": BODY})
        assert rows(alice) == [("proposal", key, "Bänkar vid dammen")]
        withdraw_proposal(alice, proposal)
    assert rows(alice) == []


def test_it_notes_supports_and_forgets_a_withdrawn_one(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), None, "Fler träd")
        support(alice, proposal)
        assert rows(alice) == [("support", f"proposal:{proposal.pk}", "Fler träd")]
        withdraw_support(alice, proposal)
    assert rows(alice) == []


def test_a_rolled_back_action_leaves_no_row(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), None, "Fler träd")
        with transaction.atomic():
            support(alice, proposal)
            transaction.set_rollback(True)
    assert rows(alice) == []


def test_hiding_a_proposal_removes_it_for_author_and_supporters_until_shown_again(
    tenant_a, alice, bob
):
    berit = make_user("berit@example.org", "Berit")
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), alice, "Fler träd")
        from tenant_apps.proposals import participation

        participation.proposal_created(proposal)
        support(berit, proposal)
        assert Participation.objects.count() == 2
        moderation.hide(bob, "proposal", proposal, reason="Reklam")
        assert Participation.objects.count() == 0
        moderation.unhide(bob, "proposal", proposal)
    assert rows(alice) == [("proposal", f"proposal:{proposal.pk}", "Fler träd")]
    assert rows(berit) == [("support", f"proposal:{proposal.pk}", "Fler träd")]


def test_it_notes_a_comment_and_forgets_it_when_deleted_or_hidden(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        proposal = make_proposal(component, None, "Fler träd")
        first = post_comment(alice, component, "proposal", proposal.pk, body="Bra idé!")
        second = post_comment(alice, component, "proposal", proposal.pk, body="Och buskar.")
        assert rows(alice) == [
            ("comment", f"comment:{first.pk}", "Fler träd"),
            ("comment", f"comment:{second.pk}", "Fler träd"),
        ]
        row = Participation.objects.get(key=f"comment:{first.pk}")
        assert row.path == f"{proposal.get_absolute_url()}#comment-{first.pk}"
        delete_comment(alice, first)
        moderation.hide(bob, "comment", second, reason="Personangrepp")
        assert rows(alice) == []
        moderation.unhide(bob, "comment", second)
    assert rows(alice) == [("comment", f"comment:{second.pk}", "Fler träd")]


def test_a_ballot_is_noted_without_its_choices_and_forgotten_when_reopened(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = make_budget(component, title_sv="Centrum", title_en="Centre", min_share=0)
        park = make_project(budget, "Parken", 600_000)
        add_project(alice, budget, park.pk)
        ballot = submit_ballot(alice, budget)
        row = Participation.objects.get(user=alice)
        assert (row.kind, row.key, row.title_sv, row.title_en) == (
            "ballot", f"budget:{budget.pk}", "Centrum", "Centre"
        )  # fmt: skip
        assert row.created == ballot.submitted_at
        assert "Parken" not in str(Participation.objects.filter(user=alice).values())
        reopen_ballot(alice, budget)
    assert rows(alice) == []
