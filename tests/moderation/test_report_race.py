"""Many residents reporting one comment at once: the count matches the rows and the
threshold hides it exactly once (the content row lock in moderation.actions.report)."""

from __future__ import annotations

import threading

from django.db import connection
from django_tenants.utils import schema_context

from tenant_apps.actionlog.models import Action
from tenant_apps.moderation import actions
from tenant_apps.moderation.models import ModerationSettings, Report
from tests.conftest import LIVE_DB, make_user
from tests.moderation.factories import make_comment, make_discussion

pytestmark = [LIVE_DB]

REPORTERS = 8


def test_concurrent_reports_count_each_and_hide_exactly_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        ModerationSettings.objects.create(pk=1, hide_after_reports=5)
        comment = make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))
    reporters = [make_user(f"r{n}@example.org", f"R {n}") for n in range(REPORTERS)]
    barrier = threading.Barrier(REPORTERS)
    outcomes: list[str] = []

    def send(user) -> None:
        try:
            with schema_context(tenant_a.schema_name):
                barrier.wait()
                try:
                    actions.report(user, "comment", comment.__class__(pk=comment.pk), reason="spam")
                    outcomes.append("reported")
                except Exception as error:  # refused: hidden by then
                    outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(user,)) for user in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with schema_context(tenant_a.schema_name):
        comment.refresh_from_db()
        rows = Report.objects.filter(target_type="comment", target_id=comment.pk).count()
        # The fifth report hides it; later ones find it hidden and are refused.
        assert outcomes.count("reported") == 5
        assert outcomes.count("ValidationError") == REPORTERS - 5
        assert comment.reports_count == rows == 5
        assert comment.hidden and comment.pending_review
        assert Action.objects.filter(verb="moderation.hidden").count() == 1
        assert Action.objects.filter(verb="moderation.reported").count() == 5
