"""Moderators hide (with a reason), unhide, dismiss reports, block and unblock accounts;
every step is in the action log; blocks stay inside their tenant."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership, User
from tenant_apps.actionlog.models import Action
from tenant_apps.moderation import actions
from tenant_apps.moderation.models import Block, Report
from tenant_apps.spaces.permissions import check_action, is_blocked
from tenants.roles import grant_role
from tests.conftest import make_user
from tests.moderation.factories import make_comment, make_discussion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def reported_comment(reporters: int = 2):
    comment = make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))
    for n in range(reporters):
        actions.report(make_user(f"r{n}@example.org", f"R {n}"), "comment", comment, reason="spam")
    return comment


def test_it_hides_with_a_public_reason_and_resolves_the_reports(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        comment = reported_comment(2)
        with pytest.raises(ValidationError):
            actions.hide(bob, "comment", comment, reason="   ")
        actions.hide(bob, "comment", comment, reason="Reklam för en butik")
        comment.refresh_from_db()
        assert (comment.hidden, comment.hidden_reason, comment.reports_count) == (
            True,
            "Reklam för en butik",
            0,
        )
        assert set(Report.objects.values_list("resolution", "resolved_by")) == {("hidden", bob.pk)}
        logged = Action.objects.get(verb="moderation.hidden")
        assert (logged.actor, logged.data["reports_resolved"]) == (bob, 2)


def test_it_unhides_dismissing_the_reports_and_starting_the_count_over(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        comment = reported_comment(3)  # the default threshold, 3, hides it
        assert comment.pending_review
        actions.unhide(bob, "comment", comment)
        comment.refresh_from_db()
        assert (comment.hidden, comment.hidden_reason, comment.hidden_at) == (False, "", None)
        assert comment.reports_count == 0
        assert set(Report.objects.values_list("resolution", flat=True)) == {"dismissed"}
        assert Action.objects.get(verb="moderation.unhidden").data["reports_dismissed"] == 3
        # The same people may report it again: their earlier reports are closed.
        actions.report(User.objects.get(email="r0@example.org"), "comment", comment, reason="spam")
        assert comment.reports_count == 1


def test_dismissing_shows_automatically_hidden_content_but_keeps_a_moderators_hiding(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        pending = reported_comment(3)
        assert actions.dismiss_reports(bob, "comment", pending) == 3
        pending.refresh_from_db()
        assert (pending.hidden, pending.reports_count) == (False, 0)
        logged = Action.objects.get(verb="moderation.reports_dismissed")
        assert logged.data == {"reports_dismissed": 3, "shown_again": True}

        actions.hide(bob, "comment", pending, reason="Personangrepp")
        actions.dismiss_reports(bob, "comment", pending)
        pending.refresh_from_db()
        assert (pending.hidden, pending.hidden_reason) == (True, "Personangrepp")


def test_only_moderators_moderate(tenant_a, alice, charlie):
    with schema_context(tenant_a.schema_name):
        comment = reported_comment(1)
        for outsider in (alice, charlie):
            with pytest.raises(Http404):
                actions.hide(outsider, "comment", comment, reason="x")
            with pytest.raises(Http404):
                actions.unhide(outsider, "comment", comment)
            with pytest.raises(Http404):
                actions.dismiss_reports(outsider, "comment", comment)
            with pytest.raises(Http404):
                actions.block_user(outsider, comment.author, reason="x")
        assert not comment.hidden
        assert not Block.objects.exists()


def test_a_moderator_blocks_and_unblocks_an_account_in_this_tenant_only(
    tenant_a, tenant_b, bob, alice
):
    mona = make_user("mona@example.org", "Mona Moderator")
    grant_role(tenant_a, mona, Membership.Role.MODERATOR)
    with schema_context(tenant_a.schema_name):
        block = actions.block_user(mona, alice, reason="Upprepad reklam")
        assert (block.user, block.blocked_by, block.reason) == (alice, mona, "Upprepad reklam")
        logged = Action.objects.get(verb="moderation.user_blocked")
        assert (logged.actor, logged.target) == (mona, alice.email)
        with pytest.raises(ValidationError, match="already blocked"):
            actions.block_user(bob, alice, reason="Igen")
        assert is_blocked(User.objects.get(pk=alice.pk))
    with schema_context(tenant_b.schema_name):
        assert not Block.objects.exists()
        assert not is_blocked(User.objects.get(pk=alice.pk))
    with schema_context(tenant_a.schema_name):
        actions.unblock_user(mona, alice)
        assert not Block.objects.exists()
        assert Action.objects.filter(verb="moderation.user_unblocked", target=alice.email).exists()
        with pytest.raises(ValidationError, match="not blocked"):
            actions.unblock_user(mona, alice)


def test_staff_of_the_tenant_cannot_be_blocked(tenant_a, bob):
    mona = make_user("mona@example.org", "Mona Moderator")
    grant_role(tenant_a, mona, Membership.Role.MODERATOR)
    with schema_context(tenant_a.schema_name):
        for staff, by in ((bob, mona), (mona, bob), (mona, mona)):
            with pytest.raises(ValidationError, match="Staff of this administration"):
                actions.block_user(by, staff, reason="Nej")
        assert not Block.objects.exists()


def test_a_blocked_account_is_refused_by_check_action_with_one_query(tenant_a, bob, alice):
    from tenant_apps.spaces.registry import ComponentType, Setting, registry
    from tests.spaces.factories import make_component, make_process

    registry.register(
        ComponentType(
            name="testvotes",
            label="Test votes",
            phase_settings=(Setting("votes_enabled", "bool", True),),
            actions={"vote": "votes_enabled"},
        )
    )
    try:
        with schema_context(tenant_a.schema_name):
            process = make_process("torget", published=True)
            first = process.phases.order_by("position").first()
            component = make_component(
                process, "testvotes", phase_settings={str(first.pk): {"votes_enabled": True}}
            )
            assert check_action(alice, component, "vote").allowed
            actions.block_user(bob, alice, reason="Hot mot andra")
            fresh = User.objects.get(pk=alice.pk)
            answer = check_action(fresh, component, "vote")
            assert not answer
            assert (str(answer.reason), answer.fix) == (
                "Your account is blocked from taking part here.",
                "",
            )
    finally:
        registry.unregister("testvotes")


def test_deleting_a_blocked_account_removes_the_block_and_keeps_the_report_counts(
    tenant_a, bob, alice
):
    from shared_apps.privacy.actions import delete_account

    with schema_context(tenant_a.schema_name):
        comment = make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))
        actions.report(alice, "comment", comment, reason="other", details="Han ljuger")
        actions.block_user(bob, alice, reason="Spam")
    delete_account(alice, confirmation=alice.email)
    with schema_context(tenant_a.schema_name):
        assert not Block.objects.exists()
        report = Report.objects.get()
        assert (report.reporter_id, report.details) == (None, "")
        comment.refresh_from_db()
        assert comment.reports_count == 1
