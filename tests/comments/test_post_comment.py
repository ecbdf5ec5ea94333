"""post_comment: the phase gate, the target, replies and their depth, text limits and the
rate limit, each refusal with a message the page can show."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from tenant_apps.actionlog.models import Action
from tenant_apps.comments.actions import CommentRefused, post_comment
from tenant_apps.comments.models import MAX_DEPTH, Alignment, Comment
from tenants.models import Tenant
from tests.comments.factories import make_debate
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


def post(user, component, body="Bra förslag.", **fields):
    return post_comment(user, component, "testtopic", component.pk, body=body, **fields)


def test_it_posts_a_comment_and_logs_it(debate, alice):
    comment = post(alice, debate, "  I like the *bench*.  ", alignment=Alignment.IN_FAVOUR)
    comment.refresh_from_db()
    assert comment.body == "I like the *bench*."
    assert comment.depth == 0 and comment.parent is None
    assert comment.alignment == 1 and comment.author == alice
    assert Action.objects.filter(verb="comments.comment_posted").count() == 1


def test_it_replies_up_to_three_levels_then_attaches_to_the_deepest_parent(debate, alice):
    top = post(alice, debate, "Top")
    reply = post(alice, debate, "Reply", parent=top)
    deepest = post(alice, debate, "Deepest", parent=reply)
    assert (reply.depth, deepest.depth) == (1, MAX_DEPTH)

    answer = post(alice, debate, "An answer to the deepest", parent=deepest)

    assert answer.depth == MAX_DEPTH
    assert answer.parent == reply


def test_it_refuses_a_parent_on_another_target(debate, alice):
    other = make_debate("annan")
    foreign = post(alice, other, "Elsewhere")
    with pytest.raises(CommentRefused):
        post(alice, debate, "Reply", parent=foreign)


def test_it_refuses_a_target_that_does_not_resolve(debate, alice):
    with translation.override("en"), pytest.raises(CommentRefused) as refused:
        post_comment(alice, debate, "testtopic", debate.pk + 1000, body="Hello")
    assert refused.value.message == "There is nothing to comment on here."


def test_it_refuses_when_the_phase_closes_comments(debate, alice):
    phase = debate.process.active_phase
    debate.phase_settings = {str(phase.pk): {"comments_enabled": False}}
    debate.save()
    with translation.override("en"), pytest.raises(CommentRefused) as refused:
        post(alice, debate)
    assert refused.value.message == "This is not open in the current phase."
    assert not Comment.objects.exists()


def test_it_asks_a_visitor_to_sign_in(debate):
    from django.contrib.auth.models import AnonymousUser

    with translation.override("en"), pytest.raises(CommentRefused) as refused:
        post(AnonymousUser(), debate)
    assert refused.value.message == "Sign in to take part."


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * 2001])
def test_it_refuses_empty_and_huge_text(debate, alice, body):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        post(alice, debate, body)
    assert "body" in refused.value.message_dict
    assert not Comment.objects.exists()


def test_it_accepts_the_longest_text(debate, alice):
    assert len(post(alice, debate, "x" * 2000).body) == 2000


def test_it_limits_comments_per_minute_and_says_how_long_to_wait(debate, alice):
    for number in range(5):
        post(alice, debate, f"Comment {number}")
    with translation.override("en"), pytest.raises(CommentRefused) as refused:
        post(alice, debate, "One too many")
    assert refused.value.message.startswith("You are commenting too often. Wait ")
    assert " seconds and try again" in refused.value.message
    assert Comment.objects.count() == 5
    # Someone else is not held back by Alice's pace.
    post(make_user("dora@example.org", "Dora"), debate, "Mine")
