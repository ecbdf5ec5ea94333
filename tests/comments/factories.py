"""Factories for comments, called explicitly from test bodies (inside a tenant schema)."""

from __future__ import annotations

from typing import Any

from tenant_apps.comments.models import Comment
from tenant_apps.spaces.models import Component
from tests.spaces.factories import make_component, make_process


def make_debate(slug: str = "torget", **fields: Any) -> Component:
    """Create a published process with a published "testdebate" component (its topic)."""
    process = make_process(slug, published=True)
    fields.setdefault("name_sv", "Debatt")
    fields.setdefault("name_en", "Debate")
    return make_component(process, "testdebate", **fields)


def make_comment(
    component: Component, author: Any, body: str = "Bra idé.", **fields: Any
) -> Comment:
    """Create a comment directly (no checks, no throttle) on the debate's topic."""
    parent = fields.get("parent")
    fields.setdefault("depth", 0 if parent is None else parent.depth + 1)
    return Comment.objects.create(
        component=component,
        target_type="testtopic",
        target_id=component.pk,
        author=author,
        body=body,
        **fields,
    )
