"""comment_thread and counts_for: nesting, placeholders, order, and a fixed query budget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tenant_apps.comments.actions import vote_comment
from tenant_apps.comments.queries import comment_thread, counts_for
from tenants.models import Tenant
from tests.comments.factories import make_comment, make_debate
from tests.conftest import make_user, tenant_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture
def debate(tenant_a, debate_type):
    connection.set_tenant(tenant_a)
    return make_debate()


def add_thread(debate, authors, size):
    """Add `size` top-level comments, each with a reply and a reply to that."""
    for number in range(size):
        top = make_comment(debate, authors[number % len(authors)], f"Top {number}")
        reply = make_comment(debate, authors[(number + 1) % len(authors)], "Reply", parent=top)
        make_comment(debate, None, "Deepest", parent=reply)


def test_it_nests_replies_and_marks_the_users_votes(debate, alice):
    dora = make_user("dora@example.org", "Dora")
    top = make_comment(debate, dora, "Top")
    reply = make_comment(debate, alice, "Reply", parent=top)
    deepest = make_comment(debate, dora, "Deepest", parent=reply)
    vote_comment(alice, top, -1)

    [first] = comment_thread(debate, "testtopic", debate.pk, alice)

    assert first.pk == top.pk and first.my_vote == -1
    assert [r.pk for r in first.thread_replies] == [reply.pk]
    assert [r.pk for r in first.thread_replies[0].thread_replies] == [deepest.pk]
    assert first.thread_replies[0].my_vote == 0


def test_it_orders_oldest_newest_and_best(debate, alice):
    dora = make_user("dora@example.org", "Dora")
    old = make_comment(debate, dora, "Old")
    new = make_comment(debate, dora, "New")
    vote_comment(alice, new, 1)
    ids = lambda order: [  # noqa: E731
        c.pk for c in comment_thread(debate, "testtopic", debate.pk, alice, order=order)
    ]
    assert ids("oldest") == [old.pk, new.pk]
    assert ids("newest") == [new.pk, old.pk]
    assert ids("best") == [new.pk, old.pk]


@pytest.mark.parametrize("size", [1, 30])
def test_it_reads_a_thread_in_two_queries_whatever_its_size(
    debate, alice, size, django_assert_max_num_queries
):
    authors = [alice, make_user("dora@example.org", "Dora")]
    add_thread(debate, authors, size)
    with django_assert_max_num_queries(2):
        thread = comment_thread(debate, "testtopic", debate.pk, alice)
        names = [c.author.display_name for c in thread] + [
            c.thread_replies[0].author.display_name for c in thread
        ]
    assert len(thread) == size and len(names) == 2 * size


def test_it_counts_shown_comments_per_target_in_one_query(debate, alice, django_assert_num_queries):
    other = make_debate("annan")
    make_comment(debate, alice)
    make_comment(debate, alice, hidden=True)
    make_comment(debate, alice, deleted_at=timezone.now())
    make_comment(other, alice)
    make_comment(other, alice)
    with django_assert_num_queries(1):
        counts = counts_for("testtopic", [debate.pk, other.pk, other.pk + 100])
    assert counts == {debate.pk: 1, other.pk: 2}
