"""Reported content for the moderation tests: real comments (tenant_apps.comments)."""

from __future__ import annotations

from typing import Any

from tenant_apps.comments.models import Comment
from tenant_apps.spaces.models import Component
from tests.spaces.factories import make_component, make_process


def make_discussion(slug: str = "parken") -> Component:
    """Create a published component in a published process, for comments to live in."""
    return make_component(make_process(slug, published=True), "pages", name_sv="Diskussion")


def make_comment(component: Component, author: Any, body: str = "En kommentar") -> Comment:
    """Create a comment by `author` on the component's page."""
    return Comment.objects.create(
        component=component, target_type="page", target_id=component.pk, author=author, body=body
    )
