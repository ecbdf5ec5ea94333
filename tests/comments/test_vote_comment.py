"""vote_comment: up, down, take back, change; never on one's own comment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from tenant_apps.comments.actions import CommentRefused, vote_comment
from tenant_apps.comments.models import CommentVote
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


def counts(comment):
    comment.refresh_from_db()
    return comment.upvotes, comment.downvotes


def test_it_toggles_and_changes_a_vote(debate, alice):
    comment = make_comment(debate, make_user("dora@example.org", "Dora"))
    assert vote_comment(alice, comment, 1) == 1
    assert counts(comment) == (1, 0)
    assert vote_comment(alice, comment, -1) == -1
    assert counts(comment) == (0, 1)
    assert vote_comment(alice, comment, -1) == 0
    assert counts(comment) == (0, 0)
    assert not CommentVote.objects.exists()


def test_it_counts_votes_of_several_people(debate, alice):
    comment = make_comment(debate, make_user("dora@example.org", "Dora"))
    vote_comment(alice, comment, 1)
    vote_comment(make_user("erik@example.org", "Erik"), comment, 1)
    vote_comment(make_user("frida@example.org", "Frida"), comment, -1)
    assert counts(comment) == (2, 1)


def test_it_refuses_a_vote_on_ones_own_comment(debate, alice):
    comment = make_comment(debate, alice)
    with translation.override("en"), pytest.raises(CommentRefused) as refused:
        vote_comment(alice, comment, 1)
    assert refused.value.message == "You cannot vote on your own comment."
    assert counts(comment) == (0, 0)


def test_it_refuses_votes_on_deleted_hidden_and_closed(debate, alice):
    dora = make_user("dora@example.org", "Dora")
    from django.utils import timezone

    for comment in (
        make_comment(debate, dora, hidden=True),
        make_comment(debate, dora, deleted_at=timezone.now()),
    ):
        with pytest.raises(CommentRefused):
            vote_comment(alice, comment, 1)
    with pytest.raises(CommentRefused):
        vote_comment(alice, make_comment(debate, dora), 2)
    debate.phase_settings = {str(debate.process.active_phase.pk): {"comments_enabled": False}}
    debate.save()
    with pytest.raises(CommentRefused):
        vote_comment(alice, make_comment(debate, dora), 1)
