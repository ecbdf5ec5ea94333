"""Factories for proposals, called explicitly from test bodies inside a tenant schema."""

from __future__ import annotations

from typing import Any

from shared_apps.accounts.models import User
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.models import Component, Process
from tests.spaces.factories import make_component, make_process

OPEN = {
    "creation_enabled": True,
    "supports_enabled": True,
    "likes_enabled": True,
    "comments_enabled": True,
    "answers_published": True,
}


def make_proposals_component(
    process: Process | None = None, *, settings: dict[str, Any] | None = None, **phase: Any
) -> Component:
    """Create a published proposals component whose active phase has `phase` settings
    (all resident actions open unless told otherwise)."""
    process = process or make_process("ideer")
    component = make_component(
        process,
        "proposals",
        name_sv="Förslag",
        name_en="Proposals",
        settings=settings or {},
    )
    active = process.phases.get(is_active=True)
    component.phase_settings = {str(active.pk): {**OPEN, **phase}}
    component.save()
    return component


def make_proposal(
    component: Component, author: User | None, title: str = "Fler bänkar", **fields: Any
) -> Proposal:
    fields.setdefault("body", f"{title}: det behövs fler bänkar i parken.")
    return Proposal.objects.create(component=component, author=author, title=title, **fields)
