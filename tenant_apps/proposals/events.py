"""What proposals tell residents through the city-wide inbox (shared_apps.notifications).

Called inside the changing action's transaction; `notify` writes the inbox rows in the
same transaction and sends e-mail after commit.
"""

from __future__ import annotations

from typing import Any

from config.translated import in_both_languages
from shared_apps.notifications.actions import follow, notify
from shared_apps.notifications.followables import Followable
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.permissions import has_perm


def proposal_created(proposal: Proposal, author: Any) -> None:
    """Let the author follow their proposal: comments and answers reach their inbox."""
    follow(
        author,
        proposal.follow_key,
        title_sv=proposal.title,
        title_en=proposal.title,
        path=proposal.get_absolute_url(),
    )


def proposal_answered(proposal: Proposal, by: Any, *, accepted: bool) -> None:
    """Tell the author (and, when accepted, everyone following it) about the answer, once
    the phase shows answers; staff answering early stay quiet until then."""
    if not proposal.component.current_settings()["answers_published"]:
        return
    if proposal.state in Proposal.State.values:
        text_sv, text_en = in_both_languages(lambda: Proposal.State(proposal.state).label)
    else:  # a custom state: its own names
        custom = proposal.component.proposal_states.filter(slug=proposal.state[7:]).first()
        text_sv = custom.label_sv if custom else proposal.state
        text_en = (custom.label_en or custom.label_sv) if custom else proposal.state
    notify(
        "proposal_accepted" if accepted else "answer",
        title_sv=proposal.title,
        title_en=proposal.title,
        text_sv=text_sv,
        text_en=text_en,
        path=proposal.get_absolute_url(),
        keys=[proposal.follow_key] if accepted else [],
        recipients=[proposal.author_id] if proposal.author_id else [],
        actor=by,
    )


def resolve_followable(user: Any, pk: int) -> Followable | None:
    """Return a proposal a user may see (its component visible, not hidden), else None."""
    proposal = Proposal.objects.filter(pk=pk, hidden=False).select_related("component").first()
    if proposal is None or not has_perm(user, "spaces.view_component", proposal.component):
        return None
    return Followable(proposal.title, proposal.title, proposal.get_absolute_url())
