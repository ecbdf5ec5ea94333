"""edit_comment and delete_comment: the author only, an "edited" mark, a soft delete that
keeps the replies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from tenant_apps.actionlog.models import Action
from tenant_apps.comments.actions import CommentRefused, delete_comment, edit_comment
from tenant_apps.comments.queries import comment_thread
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


def test_it_edits_the_text_and_marks_it_edited(debate, alice):
    comment = make_comment(debate, alice, "First try")
    edited = edit_comment(alice, comment, body="Second try")
    assert edited.body == "Second try" and edited.edited_at is not None
    assert Action.objects.filter(verb="comments.comment_edited").count() == 1


def test_it_leaves_an_unchanged_text_unmarked(debate, alice):
    comment = make_comment(debate, alice, "Same")
    assert edit_comment(alice, comment, body=" Same ").edited_at is None


def test_it_lets_only_the_author_edit_or_delete(debate, alice):
    comment = make_comment(debate, alice)
    dora = make_user("dora@example.org", "Dora")
    with translation.override("en"), pytest.raises(CommentRefused) as refused:
        edit_comment(dora, comment, body="Mine now")
    assert refused.value.message == "Only the author can change this comment."
    with pytest.raises(CommentRefused):
        delete_comment(dora, comment)


def test_it_refuses_to_edit_a_hidden_or_deleted_comment(debate, alice):
    hidden = make_comment(debate, alice, hidden=True)
    with pytest.raises(CommentRefused):
        edit_comment(alice, hidden, body="Sneaky change")
    gone = delete_comment(alice, make_comment(debate, alice))
    with pytest.raises(CommentRefused):
        edit_comment(alice, gone, body="Back again")


def test_it_refuses_an_empty_edit(debate, alice):
    with pytest.raises(ValidationError):
        edit_comment(alice, make_comment(debate, alice), body="  ")


def test_it_refuses_edits_when_the_phase_closes_comments(debate, alice):
    comment = make_comment(debate, alice)
    debate.phase_settings = {str(debate.process.active_phase.pk): {"comments_enabled": False}}
    debate.save()
    with pytest.raises(CommentRefused):
        edit_comment(alice, comment, body="Too late")
    # Deleting one's own words is allowed in any phase.
    assert delete_comment(alice, comment).deleted_at is not None


def test_it_deletes_softly_and_keeps_the_replies(debate, alice):
    comment = make_comment(debate, alice, "To be deleted")
    reply = make_comment(debate, make_user("dora@example.org", "Dora"), "Reply", parent=comment)

    delete_comment(alice, comment)

    [top] = comment_thread(debate, "testtopic", debate.pk, alice)
    assert top.deleted_at is not None
    assert [r.pk for r in top.thread_replies] == [reply.pk]
    assert Action.objects.filter(verb="comments.comment_deleted").count() == 1
    with pytest.raises(CommentRefused):
        delete_comment(alice, comment)
