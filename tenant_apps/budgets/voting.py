"""A resident's ballot: add and remove projects, give points or ranks, submit, reopen.

Invariants, also when requests race (tests/budgets/test_voting_race.py):

- an account has at most one draft per budget, and a person (voter key) at most one
  submitted ballot per budget (database constraints);
- a draft obeys the rules that adding can break (the amount, the most projects, the
  points), and a submitted ballot obeys all of them (`ballot_rules.problems`);
- the budget-mode limits across a component's budgets ("any one", "own area plus one")
  hold for the person, whichever of their accounts votes.

Every write of one person's ballots in a component runs under a transaction-scoped
advisory lock keyed by (schema, component, voter key): two tabs, two devices or two
accounts of the same person are applied one after the other, and each sees what the one
before wrote. The draft row is also locked (select_for_update), and the budget row while
the first submitted ballot freezes it, so staff cannot change the projects under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.budgets import ballot_rules
from tenant_apps.budgets import participation as participation_index
from tenant_apps.budgets.ballot_rules import Choice
from tenant_apps.budgets.eligibility import (
    AREA_MODES,
    mode_answer,
    user_area,
)
from tenant_apps.budgets.models import Ballot, BallotChoice, Budget, Project, new_receipt_code
from tenant_apps.budgets.voters import voter_key
from tenant_apps.spaces.permissions import check_action

Rule = Budget.BallotRule
# The largest number a points or rank field stores (PositiveSmallIntegerField).
LARGEST = 32767


class VoteRefused(Exception):
    """A ballot change the resident may not make now; the message says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _lock_voter(budget: Budget, key: str) -> None:
    """Serialise one person's ballot writes in one component (see the module docstring).

    The schema name keeps tenants apart; hashtext collisions only serialise two unrelated
    voters for a moment.
    """
    schema = getattr(connection, "schema_name", "public")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))",
            [f"{schema}:budgets.vote:{budget.component_id}", key],
        )


def submitted_ballot(user: Any, budget: Budget, key: str) -> Ballot | None:
    """Return the person's submitted ballot in the budget (by voter key, or this account's
    own from before a verification changed the key), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Ballot.objects.filter(Q(voter_key=key) | Q(user=user), budget=budget)
        .filter(status=Ballot.Status.SUBMITTED)
        .order_by("pk")
        .first()
    )


def current_ballot(user: Any, budget: Budget, key: str | None = None) -> Ballot | None:
    """Return what the resident sees as their ballot: the submitted one, else their draft."""
    if not getattr(user, "is_authenticated", False):
        return None
    key = key if key is not None else voter_key(user)
    ballots = list(
        Ballot.objects.filter(budget=budget)
        .filter(
            Q(user=user, status=Ballot.Status.DRAFT)
            | Q(Q(voter_key=key) | Q(user=user), status=Ballot.Status.SUBMITTED)
        )
        .order_by("pk")
    )
    submitted = [ballot for ballot in ballots if ballot.status == Ballot.Status.SUBMITTED]
    found = submitted or ballots
    return found[0] if found else None


def ballot_choices(ballot: Ballot | None) -> list[BallotChoice]:
    """Return the ballot's choices with their projects, ranked ones by rank."""
    if ballot is None or ballot.pk is None:
        return []
    return list(
        ballot.choices.select_related("project", "project__area", "project__category").order_by(
            "rank", "pk"
        )
    )


def as_rule_choices(choices: list[BallotChoice]) -> list[Choice]:
    return [
        Choice(project_id=c.project_id, cost=c.project.cost, points=c.points, rank=c.rank)
        for c in choices
    ]


def _refuse_unless_allowed(
    user: Any, budget: Budget, settings: Mapping[str, Any], voted: set[int]
) -> None:
    """Raise VoteRefused unless the component's budget mode lets the person vote in the
    budget, given the budgets they have voted in; call under the voter lock with `voted`
    read there, so "voted elsewhere" is current. (The component-level answer, `_start`,
    is checked before the lock: no ballot write changes it.)"""
    mode = settings["budget_mode"]
    # The other budgets are needed only to name (and place) one already voted in.
    others = voted - {budget.pk}
    budgets = list(budget.component.budgets.select_related("area")) if others else [budget]
    area = user_area(user) if mode in AREA_MODES else ""
    answer = mode_answer(mode, budget, budgets, area, voted)
    if not answer:
        raise VoteRefused(answer.reason)


def _refuse_if_submitted(settings: Mapping[str, Any], submitted: bool) -> None:
    if not submitted:
        return
    if settings["allow_vote_change"]:
        raise VoteRefused(
            _(
                "You have already voted in this budget. To change your vote, open it for "
                "changes on your receipt page first."
            )
        )
    raise VoteRefused(_("You have already voted in this budget, and votes here are final."))


def _draft(user: Any, budget: Budget, *, create: bool) -> Ballot | None:
    draft = (
        Ballot.objects.select_for_update()
        .filter(budget=budget, user=user, status=Ballot.Status.DRAFT)
        .first()
    )
    if draft is None and create:
        draft = Ballot.objects.create(budget=budget, user=user, status=Ballot.Status.DRAFT)
    if draft is not None:
        draft.budget = budget  # with its component and space, already read
    return draft


def _voted_and_draft(user: Any, budget: Budget, key: str) -> tuple[set[int], Ballot | None]:
    """Return, in one query, the component's budgets in which the person has a submitted
    ballot (as `submitted_budget_ids`) and the account's draft in `budget`, locked (as
    `_draft`). Call under the voter lock."""
    submitted = Q(status=Ballot.Status.SUBMITTED) & (Q(voter_key=key) | Q(user=user))
    drafts = Q(status=Ballot.Status.DRAFT, user=user, budget=budget)
    ballots = list(
        Ballot.objects.select_for_update(of=("self",))
        .filter(submitted | drafts, budget__component_id=budget.component_id)
        .order_by("pk")
    )
    voted = {b.budget_id for b in ballots if b.status == Ballot.Status.SUBMITTED}
    draft = next((b for b in ballots if b.status == Ballot.Status.DRAFT), None)
    if draft is not None:
        draft.budget = budget  # with its component and space, already read
    return voted, draft


def _project_on_ballot(budget: Budget, project_id: Any) -> Project:
    """Return one of the budget's projects on the ballot, or refuse (unknown id, another
    budget's project, a withdrawn one all read the same)."""
    try:
        number = int(project_id)
    except (TypeError, ValueError):
        number = 0
    project = (
        Project.objects.filter(pk=number, budget=budget, status=Project.Status.PROPOSED).first()
        if 0 < number <= 2**63 - 1
        else None
    )
    if project is None:
        raise VoteRefused(_("This project is not on this ballot."))
    return project


def _start(user: Any, budget: Budget) -> tuple[str, dict[str, Any]]:
    """Check the component-level answer (phase, sign-in, block, terms, verifications)
    before any lock, cheap refusals first; return the person's voter key and the
    component's current settings, read once for the whole change."""
    settings = budget.component.current_settings()
    answer = check_action(user, budget.component, "vote", settings=settings)
    if not answer:
        raise VoteRefused(answer.reason)
    return voter_key(user), settings


def add_project(user: Any, budget: Budget, project_id: Any) -> Ballot:
    """Put a project on the resident's draft (made on the first add), within the rules."""
    key, settings = _start(user, budget)
    with transaction.atomic():
        _lock_voter(budget, key)
        voted, draft = _voted_and_draft(user, budget, key)
        _refuse_unless_allowed(user, budget, settings, voted)
        _refuse_if_submitted(settings, budget.pk in voted)
        project = _project_on_ballot(budget, project_id)
        if draft is None:
            draft = _draft(user, budget, create=True)
            assert draft is not None
        choices = ballot_choices(draft)
        new = Choice(project_id=project.pk, cost=project.cost, points=1, rank=len(choices) + 1)
        why = ballot_rules.why_not_add(budget, as_rule_choices(choices), new)
        if why:
            raise VoteRefused(why)
        BallotChoice.objects.create(
            ballot=draft,
            project=project,
            points=1,
            rank=new.rank if budget.ballot_rule == Rule.RANKED else None,
        )
        draft.save(update_fields=["modified"])
    return draft


def remove_project(user: Any, budget: Budget, project_id: Any) -> Ballot | None:
    """Take a project off the resident's draft; ranks close up behind it."""
    key, settings = _start(user, budget)
    with transaction.atomic():
        _lock_voter(budget, key)
        _refuse_if_submitted(settings, submitted_ballot(user, budget, key) is not None)
        draft = _draft(user, budget, create=False)
        choices = ballot_choices(draft)
        chosen = [choice for choice in choices if str(choice.project_id) == str(project_id)]
        if draft is None or not chosen:
            raise VoteRefused(_("This project is not on your ballot."))
        chosen[0].delete()
        if budget.ballot_rule == Rule.RANKED:
            remaining = [choice for choice in choices if choice.pk != chosen[0].pk]
            _renumber(remaining)
        draft.save(update_fields=["modified"])
    return draft


def _renumber(choices: list[BallotChoice]) -> None:
    for position, choice in enumerate(sorted(choices, key=lambda c: (c.rank or 0, c.pk)), 1):
        if choice.rank != position:
            choice.rank = position
            choice.save(update_fields=["rank"])


def _whole_numbers(values: Mapping[int, Any]) -> dict[int, int]:
    cleaned: dict[int, int] = {}
    for project_id, raw in values.items():
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise VoteRefused(_("Enter whole numbers of 1 or more.")) from None
        if number < 1:
            raise VoteRefused(
                _("Enter whole numbers of 1 or more. To give a project nothing, remove it.")
            )
        cleaned[project_id] = min(number, LARGEST)
    return cleaned


def set_allocation(user: Any, budget: Budget, values: Mapping[int, Any]) -> Ballot:
    """Save the points (cumulative ballots) or ranks (ranked ballots) of the projects on
    the resident's draft: `values` maps project id to the number typed. All or nothing."""
    if budget.ballot_rule not in (Rule.CUMULATIVE, Rule.RANKED):
        raise VoteRefused(_("This ballot has no points or ranks to save."))
    key, settings = _start(user, budget)
    numbers = _whole_numbers(values)
    with transaction.atomic():
        _lock_voter(budget, key)
        _refuse_if_submitted(settings, submitted_ballot(user, budget, key) is not None)
        draft = _draft(user, budget, create=False)
        choices = ballot_choices(draft)
        on_ballot = {choice.project_id: choice for choice in choices}
        if draft is None or not choices:
            raise VoteRefused(_("Your ballot is empty. Add a project first."))
        if set(numbers) - set(on_ballot):
            raise VoteRefused(_("This project is not on your ballot."))
        field = "points" if budget.ballot_rule == Rule.CUMULATIVE else "rank"
        for project_id, number in numbers.items():
            setattr(on_ballot[project_id], field, number)
        found = ballot_rules.problems(budget, as_rule_choices(choices), final=False)
        if found:
            raise VoteRefused(" ".join(found))
        for project_id in numbers:
            on_ballot[project_id].save(update_fields=[field])
        draft.save(update_fields=["modified"])
    return draft


def _freeze(budget: Budget) -> None:
    """Freeze the budget's rules and projects at its first submitted ballot.

    Takes the budget row's lock before the ballot's projects are read, so a staff change
    to a project (which locks the same row and refuses once frozen) cannot slip between
    what the voter saw checked and the freeze.
    """
    if budget.frozen_at is not None:
        return
    locked = Budget.objects.select_for_update().only("pk", "frozen_at").get(pk=budget.pk)
    if locked.frozen_at is None:
        locked.frozen_at = timezone.now()
        Budget.objects.filter(pk=budget.pk).update(frozen_at=locked.frozen_at)
    budget.frozen_at = locked.frozen_at


class _ReceiptCodeTaken(Exception):
    """The drawn receipt code is another ballot's: submit again with a new one."""


def submit_ballot(user: Any, budget: Budget) -> Ballot:
    """Submit the resident's draft: check every rule, give it a receipt code, freeze the
    budget at the first ballot, log it (without the choices) and e-mail the receipt."""
    key, settings = _start(user, budget)
    frozen_at = budget.frozen_at
    for _attempt in range(3):
        try:
            return _submit(user, budget, key, settings)
        except _ReceiptCodeTaken:
            # 32^12 codes: practically never. The transaction rolled back, freeze too.
            budget.frozen_at = frozen_at
    raise RuntimeError("could not draw an unused receipt code")


def _submit(user: Any, budget: Budget, key: str, settings: Mapping[str, Any]) -> Ballot:
    with transaction.atomic():
        _lock_voter(budget, key)
        voted, draft = _voted_and_draft(user, budget, key)
        _refuse_unless_allowed(user, budget, settings, voted)
        if budget.pk in voted:
            raise VoteRefused(_("You have already voted in this budget."))
        if draft is None:
            raise VoteRefused(_("Choose at least one project before you submit."))
        _freeze(budget)
        # What the rules and the "no longer on the ballot" check read, nothing more.
        choices = list(
            draft.choices.select_related("project").only(
                "ballot_id",
                "points",
                "rank",
                "project__budget_id",
                "project__status",
                "project__cost",
                "project__title_sv",
                "project__title_en",
            )
        )
        stale = [
            choice
            for choice in choices
            if choice.project.budget_id != budget.pk
            or choice.project.status != Project.Status.PROPOSED
        ]
        if stale:
            raise VoteRefused(
                _("“%(project)s” is no longer on the ballot. Remove it, then submit again.")
                % {"project": stale[0].project.title.text}
            )
        found = ballot_rules.problems(budget, as_rule_choices(choices), final=True)
        if found:
            raise VoteRefused(" ".join(found))
        draft.status = Ballot.Status.SUBMITTED
        draft.voter_key = key
        draft.area_slug = user_area(user)[:60]
        draft.submitted_at = timezone.now()
        draft.receipt_code = new_receipt_code()
        try:
            # No savepoint: on a clash the whole submission rolls back (and is retried
            # with a new code). The person's second ballot is refused by the database:
            # the constraint is the last word, e.g. against a paper ballot entered at the
            # same moment.
            draft.save(
                update_fields=[
                    "status",
                    "voter_key",
                    "area_slug",
                    "submitted_at",
                    "receipt_code",
                    "modified",
                ]
            )
        except IntegrityError as error:
            if "unique_receipt_code" in str(error):
                raise _ReceiptCodeTaken from error
            raise VoteRefused(_("You have already voted in this budget.")) from error
        log_action(
            user, "budgets.ballot_submitted", target=budget.component.space.slug, budget=budget.pk
        )
        participation_index.ballot_submitted(draft, budget)
        from tenant_apps.budgets.emails import queue_receipt

        queue_receipt(user, draft)
    return draft


def reopen_ballot(user: Any, budget: Budget) -> Ballot:
    """Open the resident's submitted ballot for changes (when the component allows it):
    it becomes a draft again and counts only once submitted again."""
    if not budget.component.current_settings()["allow_vote_change"]:
        raise VoteRefused(_("Votes in this budget are final once submitted."))
    key, _settings = _start(user, budget)
    with transaction.atomic():
        _lock_voter(budget, key)
        ballot = (
            Ballot.objects.select_for_update()
            .filter(
                budget=budget,
                user=user,
                status=Ballot.Status.SUBMITTED,
                channel=Ballot.Channel.ONLINE,
            )
            .first()
        )
        if ballot is None:
            raise VoteRefused(_("You have no submitted online vote to change here."))
        ballot.status = Ballot.Status.DRAFT
        ballot.voter_key = ""
        ballot.receipt_code = ""
        ballot.submitted_at = None
        ballot.save(
            update_fields=["status", "voter_key", "receipt_code", "submitted_at", "modified"]
        )
        log_action(
            user, "budgets.ballot_reopened", target=budget.component.space.slug, budget=budget.pk
        )
        participation_index.ballot_reopened(ballot, budget)
    return ballot
