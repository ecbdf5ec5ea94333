"""Proposals and supports in residents' participation index (shared_apps.participation).

A proposal counts while residents see it in lists (not withdrawn, not hidden): its
author's row has kind "proposal", each supporter's row kind "support", and both use the
proposal's follow key, so withdrawing or hiding it removes them all in one DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet

from shared_apps.participation import actions
from shared_apps.participation.kinds import Kind, Row, registry
from shared_apps.participation.models import Participation
from tenant_apps.proposals.models import Proposal, Support
from tenants.models import current_tenant

RELATED = ("component__process", "component__assembly")


def proposal_created(proposal: Proposal) -> None:
    """Note the author's new proposal; call inside the creating transaction."""
    actions.record(
        proposal.author_id,
        "proposal",
        proposal.follow_key,
        title_sv=proposal.title,
        title_en=proposal.title,
        path=proposal.get_absolute_url(),
        when=proposal.created,
    )


def proposal_retitled(proposal: Proposal) -> None:
    """Give the author's and supporters' rows the edited title (one UPDATE)."""
    Participation.objects.filter(tenant=current_tenant(), key=proposal.follow_key).update(
        title_sv=proposal.title[:300], title_en=proposal.title[:300]
    )


def supported(user_id: int, proposal: Proposal, when: datetime) -> None:
    """Note a support; `proposal` is the caller's (its component already loaded)."""
    actions.record(
        user_id,
        "support",
        proposal.follow_key,
        title_sv=proposal.title,
        title_en=proposal.title,
        path=proposal.get_absolute_url(),
        when=when,
    )


def support_withdrawn(user_id: int, proposal: Proposal) -> None:
    actions.forget(user_id, "support", proposal.follow_key)


def sync_proposal(proposal: Proposal) -> None:
    """Make the index match the proposal's visibility (withdrawn, hidden, shown again):
    one DELETE, and when it shows, one SELECT of its supports and one upsert per kind."""
    actions.forget_thing(proposal.follow_key)
    if proposal.withdrawn_at is not None or proposal.hidden:
        return
    if proposal.author_id is not None:
        proposal_created(proposal)
    supports = Support.objects.filter(proposal=proposal).select_related(
        *(f"proposal__{name}" for name in RELATED)
    )
    actions.record_rows("support", _support_rows(supports))


def _proposal_rows() -> Iterator[Row]:
    proposals = Proposal.objects.listed().filter(author__isnull=False).select_related(*RELATED)
    for proposal in proposals.iterator(chunk_size=2000):
        assert proposal.author_id is not None
        yield Row(
            user_id=proposal.author_id,
            key=proposal.follow_key,
            title_sv=proposal.title,
            title_en=proposal.title,
            path=proposal.get_absolute_url(),
            created=proposal.created,
        )


def _support_rows(supports: QuerySet[Support]) -> Iterator[Row]:
    for support in supports.iterator(chunk_size=2000):
        proposal = support.proposal
        yield Row(
            user_id=support.user_id,
            key=proposal.follow_key,
            title_sv=proposal.title,
            title_en=proposal.title,
            path=proposal.get_absolute_url(),
            created=support.created,
        )


def _all_support_rows() -> Iterator[Row]:
    supports = Support.objects.filter(
        proposal__withdrawn_at__isnull=True, proposal__hidden=False
    ).select_related(*(f"proposal__{name}" for name in RELATED))
    return _support_rows(supports)


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(Kind("proposal", _("Your proposals"), position=10, rows=_proposal_rows))
    registry.register(
        Kind("support", _("Proposals you support"), position=20, rows=_all_support_rows)
    )
