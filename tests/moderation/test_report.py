"""Residents report content: refusals, the threshold that hides, the rate limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenant_apps.actionlog.models import Action
from tenant_apps.moderation import actions
from tenant_apps.moderation.models import Block, ModerationSettings, Report
from tests.conftest import make_user
from tests.moderation.factories import make_comment, make_discussion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(str(message) for message in error.value.messages)


def test_it_counts_a_report_and_logs_it(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        author = make_user("dan@example.org", "Dan Dahl")
        comment = make_comment(make_discussion(), author)
        report = actions.report(alice, "comment", comment, reason="spam", details="  Köp nu!  ")
        comment.refresh_from_db()
        assert (comment.reports_count, comment.hidden) == (1, False)
        assert (report.reporter, report.reason, report.details) == (alice, "spam", "Köp nu!")
        assert report.resolved_at is None
        logged = Action.objects.get(verb="moderation.reported")
        assert (logged.actor, logged.target) == (alice, f"comment:{comment.pk}")


def test_it_refuses_own_content_a_second_report_and_hidden_content(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_discussion()
        own = make_comment(component, alice)
        with pytest.raises(ValidationError) as error:
            actions.report(alice, "comment", own, reason="spam")
        assert refusal(error) == "You cannot report what you wrote yourself."

        other = make_comment(component, make_user("dan@example.org", "Dan Dahl"))
        actions.report(alice, "comment", other, reason="offensive")
        with pytest.raises(ValidationError) as error:
            actions.report(alice, "comment", other, reason="spam")
        assert "already reported" in refusal(error)

        other.hidden = True
        other.save()
        eve = make_user("eve@example.org", "Eve Ek")
        with pytest.raises(ValidationError) as error:
            actions.report(eve, "comment", other, reason="spam")
        assert "already hidden" in refusal(error)
        assert Report.objects.count() == 1
        other.refresh_from_db()
        assert other.reports_count == 1


def test_it_refuses_bad_input_anonymous_and_blocked_reporters(tenant_a, alice):
    from django.contrib.auth.models import AnonymousUser

    with schema_context(tenant_a.schema_name):
        comment = make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))
        with pytest.raises(ValidationError):
            actions.report(AnonymousUser(), "comment", comment, reason="spam")
        with pytest.raises(ValidationError) as error:
            actions.report(alice, "comment", comment, reason="boring")
        assert "reason" in error.value.error_dict
        with pytest.raises(ValidationError) as error:
            actions.report(alice, "comment", comment, reason="other", details="x" * 1001)
        assert "details" in error.value.error_dict
        Block.objects.create(user=alice, reason="Spam")
        alice = User.objects.get(pk=alice.pk)  # a new request: the block is not cached yet
        with pytest.raises(ValidationError) as error:
            actions.report(alice, "comment", comment, reason="spam")
        assert refusal(error) == "Your account is blocked from taking part here."
        assert Report.objects.count() == 0


def test_it_hides_pending_review_when_the_tenants_threshold_is_reached(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        actions.change_settings(bob, hide_after_reports=2)
        assert ModerationSettings.current().hide_after_reports == 2
        comment = make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))
        first, second = (make_user(f"r{n}@example.org", f"R {n}") for n in (1, 2))
        actions.report(first, "comment", comment, reason="spam")
        assert not comment.hidden
        actions.report(second, "comment", comment, reason="offensive")
        assert comment.hidden and comment.pending_review and comment.hidden_at
        comment.refresh_from_db()
        assert (comment.hidden, comment.hidden_reason, comment.reports_count) == (True, "", 2)
        hidden = Action.objects.get(verb="moderation.hidden")
        assert (hidden.actor, hidden.data["automatic"]) == (None, True)


def test_it_limits_reports_per_person_per_hour(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        ModerationSettings.objects.create(pk=1, hide_after_reports=50)
        component = make_discussion()
        author = make_user("dan@example.org", "Dan Dahl")
        comments = [make_comment(component, author, f"Nummer {n}") for n in range(11)]
        for comment in comments[:10]:
            actions.report(alice, "comment", comment, reason="spam")
        with pytest.raises(ValidationError) as error:
            actions.report(alice, "comment", comments[10], reason="spam")
        assert "Too many tries" in refusal(error)
        assert Report.objects.count() == 10


def test_the_settings_stay_between_1_and_50(tenant_a, bob, alice):
    from django.http import Http404

    with schema_context(tenant_a.schema_name):
        for wrong in (0, 51):
            with pytest.raises(ValidationError):
                actions.change_settings(bob, hide_after_reports=wrong)
        with pytest.raises(Http404):
            actions.change_settings(alice, hide_after_reports=5)
        assert ModerationSettings.current().hide_after_reports == 3
