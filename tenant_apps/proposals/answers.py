"""The administration's side: answers, evaluators and custom answer states."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.usertext import clean_user_text
from shared_apps.accounts.models import Membership, User
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.proposals import events
from tenant_apps.proposals.models import CustomState, EvaluatorAssignment, Proposal
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import require
from tenants.models import current_tenant

ANSWER_FIELDS = ["state", "answer_sv", "answer_en", "answer_cost"]


def state_choices(component: Component) -> list[tuple[str, str]]:
    """Return every state a proposal in this component can be given."""
    built_in = [(str(value), str(label)) for value, label in Proposal.State.choices]
    custom = [(state.value, state.label.text) for state in component.proposal_states.all()]
    return built_in + custom


def answer_proposal(
    by: Any,
    proposal: Proposal,
    *,
    state: str,
    answer_sv: str,
    answer_en: str = "",
    cost: int | None = None,
) -> Proposal:
    """Give or change the official answer; the author and followers hear of it when the
    phase shows answers (or at once, if it already does)."""
    require(by, "proposals.answer_proposal", proposal)
    if state not in {value for value, _label in state_choices(proposal.component)}:
        raise ValidationError({"state": [_("Choose one of the listed states.")]})
    errors: dict[str, list[str]] = {}
    texts = {}
    for name, value in (("answer_sv", answer_sv), ("answer_en", answer_en)):
        try:
            texts[name] = clean_user_text(value, max_length=5000, min_length=0)
        except ValidationError as error:
            errors[name] = error.messages
    if state and not texts.get("answer_sv") and "answer_sv" not in errors:
        errors["answer_sv"] = [_("Write the answer in Swedish; residents see it.")]
    if cost is not None and cost < 0:
        errors["answer_cost"] = [_("Enter a cost of 0 or more.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        before = snapshot(proposal, ANSWER_FIELDS)
        was_accepted = proposal.state == Proposal.State.ACCEPTED
        proposal.state = state
        proposal.answer_sv = texts["answer_sv"]
        proposal.answer_en = texts["answer_en"]
        proposal.answer_cost = cost
        proposal.answered_at = timezone.now() if state else None
        proposal.save()
        changed = changes(before, snapshot(proposal, ANSWER_FIELDS))
        log_action(
            by,
            "proposals.answered",
            target=proposal.component.space.slug,
            proposal=proposal.pk,
            changes=changed,
        )
        if changed and state:
            events.proposal_answered(
                proposal, by, accepted=state == "accepted" and not was_accepted
            )
    return proposal


def _check_evaluator(user: User) -> None:
    tenant = current_tenant()
    if not Membership.objects.filter(user=user, tenant=tenant).exists():
        raise ValidationError(
            {
                "email": [
                    _(
                        "Only staff of this administration can evaluate; give them the "
                        "evaluator role first."
                    )
                ]
            }
        )


def assign_evaluator(by: Any, proposal: Proposal, user: User) -> EvaluatorAssignment:
    """Give a proposal to a staff member to evaluate (idempotent)."""
    require(by, "proposals.manage_proposals", proposal)
    _check_evaluator(user)
    with transaction.atomic():
        assignment, created = EvaluatorAssignment.objects.get_or_create(
            proposal=proposal, user=user
        )
        if created:
            log_action(
                by,
                "proposals.evaluator_assigned",
                target=proposal.component.space.slug,
                proposal=proposal.pk,
                evaluator=user.pk,
            )
    return assignment


def unassign_evaluator(by: Any, proposal: Proposal, user_id: int) -> None:
    require(by, "proposals.manage_proposals", proposal)
    with transaction.atomic():
        deleted, _rows = EvaluatorAssignment.objects.filter(
            proposal=proposal, user_id=user_id
        ).delete()
        if deleted:
            log_action(
                by,
                "proposals.evaluator_removed",
                target=proposal.component.space.slug,
                proposal=proposal.pk,
                evaluator=user_id,
            )


def save_custom_state(
    by: Any, component: Component, *, slug: str, label_sv: str, label_en: str = ""
) -> CustomState:
    """Add a custom answer state (or rename one with the same short name)."""
    require(by, "proposals.manage_proposals", component)
    if slug in {value for value, _label in Proposal.State.choices}:
        raise ValidationError({"slug": [_("That name is taken by a built-in state.")]})
    with transaction.atomic():
        state = CustomState.objects.filter(component=component, slug=slug).first()
        state = state or CustomState(component=component, slug=slug)
        state.label_sv, state.label_en = label_sv, label_en
        state.full_clean()
        state.save()
        log_action(by, "proposals.state_saved", target=component.space.slug, state=slug)
    return state


def delete_custom_state(by: Any, state: CustomState) -> None:
    """Remove a custom state no proposal is in."""
    require(by, "proposals.manage_proposals", state.component)
    if Proposal.objects.filter(component=state.component, state=state.value).exists():
        raise ValidationError(_("Proposals are in this state; give them another state first."))
    with transaction.atomic():
        log_action(
            by, "proposals.state_deleted", target=state.component.space.slug, state=state.slug
        )
        state.delete()
