"""Deleting an account keeps its comments, by "Deleted participant", and its votes
anonymously, so every count still matches the vote rows."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.privacy.actions import delete_account
from tenant_apps.comments.actions import vote_comment
from tenant_apps.comments.models import Comment, CommentVote
from tests.comments.factories import make_comment, make_debate
from tests.conftest import host_of, make_user

pytestmark = pytest.mark.django_db


def test_it_keeps_comments_and_votes_of_a_deleted_account(client, tenant_a, alice, debate_type):
    dora = make_user("dora@example.org", "Dora")
    with schema_context(tenant_a.schema_name):
        debate = make_debate()
        mine = make_comment(debate, alice, "Alice was here")
        vote_comment(alice, make_comment(debate, dora, "Dora's"), 1)

    delete_account(alice, confirmation="alice@example.org")

    with schema_context(tenant_a.schema_name):
        mine.refresh_from_db()
        assert mine.author_id is None and mine.body == "Alice was here"
        voted = Comment.objects.get(body="Dora's")
        assert voted.upvotes == 1 == CommentVote.objects.filter(user=None).count()
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "Deleted participant" in page and "Alice Andersson" not in page
