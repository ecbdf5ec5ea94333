"""Factories for debates, called explicitly from test bodies inside a tenant schema."""

from __future__ import annotations

from typing import Any

from tenant_apps.comments.models import Comment
from tenant_apps.debates.models import Debate
from tenant_apps.spaces.models import Component, Process
from tests.spaces.factories import make_component, make_process


def make_debates_component(process: Process | None = None, **phase: Any) -> Component:
    """Create a published debates component in a published process; the active phase's
    settings are `phase` (arguments open by default)."""
    process = process or make_process("dialog")
    component = make_component(process, "debates", name_sv="Debatter", name_en="Debates")
    if phase:
        active = process.phases.get(is_active=True)
        component.phase_settings = {str(active.pk): phase}
        component.save()
    return component


def make_debate(component: Component, **fields: Any) -> Debate:
    """Create a published debate directly (no action, no log, no index)."""
    fields.setdefault("title_sv", "Ska biblioteket ha öppet på söndagar?")
    fields.setdefault("title_en", "Should the library open on Sundays?")
    fields.setdefault("background_sv", "Biblioteket har **stängt** på söndagar i dag.")
    fields.setdefault("published", True)
    return Debate.objects.create(component=component, **fields)


def make_argument(debate: Debate, author: Any, alignment: int = 1, **fields: Any) -> Comment:
    """Create an argument directly (no checks, no throttle, no index rows)."""
    parent = fields.get("parent")
    fields.setdefault("depth", 0 if parent is None else parent.depth + 1)
    fields.setdefault("body", "Ett argument.")
    return Comment.objects.create(
        component=debate.component,
        target_type="debate",
        target_id=debate.pk,
        author=author,
        alignment=alignment,
        **fields,
    )
