"""Proposals as seen by the generic features: comments and moderation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tenant_apps.comments.registry import CommentableType
from tenant_apps.comments.registry import registry as commentables
from tenant_apps.moderation.registry import ModeratedType
from tenant_apps.moderation.registry import registry as moderated
from tenant_apps.proposals.models import Proposal
from tenant_apps.proposals.search import reindex_proposal
from tenant_apps.spaces.models import Component


def _commentable(component: Component, pk: int) -> Proposal | None:
    # A hidden proposal's discussion closes with it; withdrawn ones stay open to replies.
    return Proposal.objects.filter(component=component, pk=pk, hidden=False).first()


def _visibility_changed(proposal: Any) -> None:
    """A proposal hidden or shown again: its author's and supporters' participation rows
    and its search document follow."""
    from tenant_apps.proposals import participation

    participation.sync_proposal(proposal)
    reindex_proposal(proposal)


def register_all() -> None:
    from shared_apps.notifications import followables
    from tenant_apps.proposals import participation
    from tenant_apps.proposals.events import resolve_followable

    followables.register("proposal", resolve_followable)
    participation.register_all()
    commentables.register(
        CommentableType(name="proposal", label=_("Proposal"), resolve=_commentable)
    )
    moderated.register(
        ModeratedType(
            name="proposal",
            model=Proposal,
            label=_("Proposal"),
            title=lambda proposal: proposal.title,
            url=lambda proposal: proposal.get_absolute_url(),
            text=lambda proposal: proposal.body,
            select_related=("author", "component__process", "component__assembly"),
            visibility_changed=_visibility_changed,
        )
    )
