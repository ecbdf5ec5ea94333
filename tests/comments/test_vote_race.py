"""Votes arriving at once (PostgreSQL, committed, one connection per thread): the counts on
the comment always equal its vote rows, and a double click never errors."""

from __future__ import annotations

import threading

from django.db import connection
from django_tenants.utils import schema_context

from tenant_apps.comments.actions import vote_comment
from tenant_apps.comments.models import Comment, CommentVote
from tests.comments.factories import make_comment, make_debate
from tests.conftest import LIVE_DB, make_user

pytestmark = [LIVE_DB]


def test_it_keeps_counts_equal_to_vote_rows_under_parallel_votes(tenant_a, debate_type):
    voters = [make_user(f"voter{n}@example.org", f"Voter {n}") for n in range(6)]
    with schema_context(tenant_a.schema_name):
        comment = make_comment(make_debate(), make_user("author@example.org", "Author"))
    # Four vote up, two vote down, and the first voter double-clicks "up" (which counts
    # as one vote and its withdrawal, in whichever order the lock lets them through).
    plan = [(voter, 1) for voter in voters[:4]] + [(voter, -1) for voter in voters[4:]]
    plan.append((voters[0], 1))
    barrier = threading.Barrier(len(plan))
    errors: list[BaseException] = []

    def vote(user, value) -> None:
        try:
            with schema_context(tenant_a.schema_name):
                fresh = Comment.objects.select_related("component__process").get(pk=comment.pk)
                barrier.wait()
                vote_comment(user, fresh, value)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=step) for step in plan]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with schema_context(tenant_a.schema_name):
        comment.refresh_from_db()
        rows = CommentVote.objects.filter(comment=comment)
        assert comment.upvotes == rows.filter(value=1).count() == 3
        assert comment.downvotes == rows.filter(value=-1).count() == 2
