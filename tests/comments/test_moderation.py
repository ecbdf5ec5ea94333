"""Comments are reportable: registered for moderation as "comment"."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.moderation.registry import registry
from tests.comments.factories import make_comment, make_debate

pytestmark = pytest.mark.django_db


def test_it_registers_comments_for_moderation_with_an_excerpt_and_an_anchor(
    tenant_a, alice, debate_type
):
    moderated = registry.get("comment")
    with schema_context(tenant_a.schema_name):
        debate = make_debate()
        comment = make_comment(debate, alice, "A **long** comment " + "word " * 40)
        assert moderated.title(comment).startswith("A long comment word")
        assert len(moderated.title(comment)) <= 81
        assert moderated.url(comment) == f"{debate.get_absolute_url()}#comment-{comment.pk}"
