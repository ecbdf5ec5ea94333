"""Supports and likes: the writes that race, so each one takes its locks first.

Invariants: a resident has at most `support_limit` supports in a component; a proposal's
`supports_count` equals its Support rows with counted=True, and a resident's supports are
counted exactly when they have given at least `minimum_supports` in the component.
`likes_count` equals the Like rows.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.proposals import participation as participation_index
from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.models import Like, Proposal, Support
from tenant_apps.spaces.permissions import check_action


def _lock_resident(component_id: int, user_id: int) -> None:
    """Serialise one resident's supports in one component (the per-resident limit).

    A transaction-scoped advisory lock: nothing to clean up, and other residents and
    components are not held up. The schema name keeps tenants' keys apart.
    """
    schema = getattr(connection, "schema_name", "public")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
            [f"{schema}:proposals.support:{component_id}", user_id],
        )


def _lock_proposals(ids: set[int]) -> dict[int, Proposal]:
    # Always in id order, so two residents changing overlapping proposals cannot deadlock.
    rows = Proposal.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {proposal.pk: proposal for proposal in rows}


def _supportable(proposal: Proposal) -> None:
    if proposal.is_withdrawn:
        raise ProposalRefused(_("This proposal is withdrawn."))
    if proposal.hidden:
        raise ProposalRefused(_("This proposal is hidden by the moderators."))
    if proposal.state == Proposal.State.REJECTED:
        raise ProposalRefused(_("This proposal was rejected and cannot be supported."))


def support(user: Any, proposal: Proposal) -> Support:
    """Add the resident's support, within the component's limits."""
    component = proposal.component
    answer = check_action(user, component, "support")
    if not answer:
        raise ProposalRefused(answer.reason)
    settings = component.current_settings()
    limit, minimum = settings["support_limit"], settings["minimum_supports"]
    threshold = settings["support_threshold"]
    with transaction.atomic():
        _lock_resident(component.pk, user.pk)
        mine = Support.objects.filter(component=component, user=user)
        given = list(mine.values_list("proposal_id", "counted"))
        if any(proposal_id == proposal.pk for proposal_id, _counted in given):
            raise ProposalRefused(_("You already support this proposal."))
        if limit and len(given) >= limit:
            raise ProposalRefused(
                _("You have used all your %(limit)s supports. Withdraw one to support this.")
                % {"limit": limit}
            )
        counted = len(given) + 1 >= minimum
        # Reaching the minimum makes the resident's earlier supports count too.
        newly_counted = {proposal_id for proposal_id, was in given if not was} if counted else set()
        locked = _lock_proposals({proposal.pk} | newly_counted)
        target = locked[proposal.pk]
        _supportable(target)
        if (
            threshold
            and not settings["supports_beyond_threshold"]
            and target.supports_count >= threshold
        ):
            raise ProposalRefused(_("This proposal has already reached its supports."))
        row = Support.objects.create(
            proposal=target, user=user, component=component, counted=counted
        )
        if newly_counted:
            mine.filter(proposal_id__in=newly_counted).update(counted=True)
        if counted:
            Proposal.objects.filter(pk__in=newly_counted | {target.pk}).update(
                supports_count=F("supports_count") + 1
            )
        log_action(user, "proposals.supported", target=component.space.slug, proposal=target.pk)
        participation_index.supported(user.pk, proposal, row.created)
    return row


def withdraw_support(user: Any, proposal: Proposal) -> None:
    """Remove the resident's support while supports are open."""
    component = proposal.component
    answer = check_action(user, component, "support")
    if not answer:
        raise ProposalRefused(answer.reason)
    minimum = component.current_settings()["minimum_supports"]
    with transaction.atomic():
        _lock_resident(component.pk, user.pk)
        mine = Support.objects.filter(component=component, user=user)
        given = dict(mine.values_list("proposal_id", "counted"))
        if proposal.pk not in given:
            raise ProposalRefused(_("You do not support this proposal."))
        # Falling below the minimum makes the resident's other supports stop counting.
        uncounted = (
            {pid for pid, was in given.items() if was and pid != proposal.pk}
            if len(given) - 1 < minimum
            else set()
        )
        decrement = uncounted | ({proposal.pk} if given[proposal.pk] else set())
        _lock_proposals(decrement | {proposal.pk})
        mine.filter(proposal_id=proposal.pk).delete()
        if uncounted:
            mine.filter(proposal_id__in=uncounted).update(counted=False)
        if decrement:
            Proposal.objects.filter(pk__in=decrement).update(supports_count=F("supports_count") - 1)
        log_action(
            user, "proposals.support_withdrawn", target=component.space.slug, proposal=proposal.pk
        )
        participation_index.support_withdrawn(user.pk, proposal)


def toggle_like(user: Any, proposal: Proposal) -> bool:
    """Like the proposal, or take the like back; return whether it is liked now."""
    component = proposal.component
    answer = check_action(user, component, "like")
    if not answer:
        raise ProposalRefused(answer.reason)
    with transaction.atomic():
        target = _lock_proposals({proposal.pk})[proposal.pk]
        existing = Like.objects.filter(proposal=target, user=user)
        if existing.exists():
            existing.delete()
            Proposal.objects.filter(pk=target.pk).update(likes_count=F("likes_count") - 1)
            return False
        _supportable(target)
        Like.objects.create(proposal=target, user=user)
        Proposal.objects.filter(pk=target.pk).update(likes_count=F("likes_count") + 1)
        return True
