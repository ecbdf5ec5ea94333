"""Who may vote in which budget of a budgets component, and why not.

Two layers. The component's "vote" action (spaces.permissions.check_action) answers for
the phase, sign-in, terms, a moderators' block and the verifications staff require. The
component's `budget_mode` then says which of its budgets a person may vote in:

- any_one: one budget of the component, whichever they choose;
- all: every budget;
- own_area_plus_one: the budget of the area they live in and one other;
- assigned_area: only the budget of the area they live in.

A city-wide budget (`area` empty) is open to everyone. In the area modes it is neither
one's own nor "the other", so voting there never uses up the one other budget; in
"any one" it is a budget like the rest. The area comes from the
person's verifications (e-ID, in person, postal code, in that order of trust). What a
person has already voted is counted by their voter key, so a second account does not
open a second budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from shared_apps.identity.requirements import valid_verifications
from tenant_apps.budgets.models import Ballot, Budget
from tenant_apps.spaces.permissions import ActionCheck, check_action

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from tenant_apps.spaces.models import Component

ANY_ONE = "any_one"
ALL = "all"
OWN_AREA_PLUS_ONE = "own_area_plus_one"
ASSIGNED_AREA = "assigned_area"
AREA_MODES = (OWN_AREA_PLUS_ONE, ASSIGNED_AREA)

# The verifications that tell where a person lives, most trusted first.
AREA_SOURCES = ("eid", "in_person", "postal_code")


@dataclass(frozen=True)
class Answer:
    """May this person vote in this budget? `reason` says why not; `action` is the
    component-level answer (its `fix` and `unmet` drive the take-part notice)."""

    allowed: bool
    reason: str | _StrPromise = ""
    action: ActionCheck = field(default_factory=lambda: ActionCheck(True))

    def __bool__(self) -> bool:
        return self.allowed


def user_area(user: Any) -> str:
    """Return the slug of the area the user lives in by their verifications, or ""."""
    held = valid_verifications(user)
    for handler in AREA_SOURCES:
        for verification in held:
            area = verification.attributes.get("area")
            if verification.handler == handler and isinstance(area, str) and area:
                return area
    for verification in held:
        area = verification.attributes.get("area")
        if isinstance(area, str) and area and not verification.scope:
            return area
    return ""


def submitted_budget_ids(user: Any, component: Component, key: str) -> set[int]:
    """Return the budgets of the component in which this person (by voter key, or by this
    account) has a submitted ballot: one query."""
    from django.db.models import Q

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Ballot.objects.filter(
            Q(voter_key=key) | Q(user=user),
            budget__component=component,
            status=Ballot.Status.SUBMITTED,
        ).values_list("budget_id", flat=True)
    )


def mode_answer(
    mode: str, budget: Budget, budgets: Sequence[Budget], area: str, voted: Iterable[int]
) -> Answer:
    """Apply the component's budget mode to one budget, given the person's area and the
    budgets they have voted in (excluding `budget` itself)."""
    others = {pk for pk in voted if pk != budget.pk}
    by_pk = {candidate.pk: candidate for candidate in budgets}
    if mode == ALL:
        return Answer(True)
    if mode == ANY_ONE:
        if others:
            return Answer(
                False,
                _("You have already voted in “%(budget)s”; here you vote in one budget only.")
                % {"budget": _titles(by_pk, others)},
            )
        return Answer(True)
    if budget.area_id is None:  # city-wide: open to everyone in the area modes
        return Answer(True)
    if not area:
        return Answer(
            False,
            _(
                "This budget is for residents of %(area)s. We do not know where you live: "
                "verify your address (e-ID, postal code or in person) to vote here."
            )
            % {"area": _area_name(budget)},
        )
    if _area_slug(budget) == area:
        return Answer(True)
    if mode == ASSIGNED_AREA:
        return Answer(
            False,
            _("This budget is for residents of %(area)s; you vote in the budget of your own area.")
            % {"area": _area_name(budget)},
        )
    # own_area_plus_one: one budget of another area besides one's own.
    foreign = {pk for pk in others if pk in by_pk and _area_slug(by_pk[pk]) not in ("", area)}
    if foreign:
        return Answer(
            False,
            _(
                "You have already voted in “%(budget)s”; besides your own area you vote in "
                "one other area's budget."
            )
            % {"budget": _titles(by_pk, foreign)},
        )
    return Answer(True)


def _area_slug(budget: Budget) -> str:
    return budget.area.slug if budget.area is not None else ""


def _area_name(budget: Budget) -> str:
    return budget.area.name if budget.area is not None else ""


def _titles(by_pk: dict[int, Budget], ids: Iterable[int]) -> str:
    return ", ".join(str(by_pk[pk].title) for pk in sorted(ids) if pk in by_pk)


def answers_for(
    user: Any,
    component: Component,
    budgets: Sequence[Budget],
    *,
    key: str | None = None,
    settings: Mapping[str, Any] | None = None,
) -> dict[int, Answer]:
    """Return, per budget of the component, whether the user may vote there and why not.

    Costs a fixed number of queries whatever the number of budgets (the phase and
    verification checks, the person's identity, their submitted ballots); one fewer when
    the caller passes `settings` (`component.current_settings()`).
    """
    if settings is None:
        settings = component.current_settings()
    action = check_action(user, component, "vote", settings=settings)
    if not action:
        return {budget.pk: Answer(False, action.reason, action) for budget in budgets}
    if key is None:
        from tenant_apps.budgets.voters import voter_key

        key = voter_key(user)
    mode = settings["budget_mode"]
    voted = submitted_budget_ids(user, component, key)
    area = user_area(user) if mode in AREA_MODES else ""
    return {
        budget.pk: _with_action(mode_answer(mode, budget, budgets, area, voted), action)
        for budget in budgets
    }


def _with_action(answer: Answer, action: ActionCheck) -> Answer:
    return Answer(answer.allowed, answer.reason, action)


def answer_for(user: Any, budget: Budget, *, key: str | None = None) -> Answer:
    """Return whether the user may vote in this budget now, and why not."""
    component = budget.component
    budgets = list(component.budgets.select_related("area"))
    return answers_for(user, component, budgets, key=key)[budget.pk]
