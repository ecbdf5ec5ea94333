"""The outcome of a budget: computed by both rules from the submitted ballots (online and
paper), published by staff, and changed by hand only with a public reason.

Computing stores one `Outcome` per rule (greedy, and equal shares with the budget's
completion), replacing earlier unpublished ones. Publishing one makes it the only
published outcome (the `one_published_outcome` constraint), sets the projects' statuses
to selected / not selected, and needs a public reason when it is not the rule chosen
before voting opened. An override replaces the computed winners, also only with a public
reason. Everything is in the action log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.budgets.admin_actions import lock_budget
from tenant_apps.budgets.models import Ballot, BallotChoice, Budget, Outcome, Project
from tenant_apps.budgets.outcomes import Election, equal_shares, greedy, ordinal_points
from tenant_apps.spaces.permissions import require

Rule = Budget.OutcomeRule
# Statuses an outcome may set; a project already being delivered keeps its status.
OUTCOME_STATUSES = (Project.Status.PROPOSED, Project.Status.SELECTED, Project.Status.NOT_SELECTED)
PAPER_CHANNELS = (Ballot.Channel.PAPER, Ballot.Channel.ASSISTED)


def vote_type(budget: Budget) -> str:
    """Return the pabulib vote type of the budget's ballots."""
    if budget.ballot_rule == Budget.BallotRule.CUMULATIVE:
        return "cumulative"
    if budget.ballot_rule == Budget.BallotRule.RANKED:
        return "ordinal"
    return "approval"


@dataclass
class Counted:
    """The submitted ballots of a budget, as the engine reads them, with their channels."""

    election: Election
    channels: list[str]
    votes: dict[str, dict[str, int]]
    online: int
    paper: int


def max_length(budget: Budget, project_count: int) -> int:
    """Return the longest ranking a ranked ballot may have (the positional points' base)."""
    return budget.max_projects or project_count


def count_ballots(budget: Budget) -> Counted:
    """Read every submitted ballot of the budget (two queries, whatever their number).

    Approval-like ballots give each chosen project 1 point, cumulative ones the voter's
    points, ranked ones positional points (`ordinal_points`, as pabulib's ordinal files),
    so an exported `.pb` file gives the engine the same election.
    """
    projects = dict(budget.projects.order_by("pk").values_list("pk", "cost"))
    channels = dict(
        Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED)
        .order_by("pk")
        .values_list("pk", "channel")
    )
    per_ballot: dict[int, dict[str, int]] = {pk: {} for pk in channels}
    votes: dict[str, dict[str, int]] = {
        str(pk): {"total": 0, "online": 0, "paper": 0} for pk in projects
    }
    cumulative = budget.ballot_rule == Budget.BallotRule.CUMULATIVE
    rows = (
        BallotChoice.objects.filter(ballot_id__in=list(channels))
        .order_by("ballot_id", "rank", "pk")
        .values_list("ballot_id", "project_id", "points")
    )
    for ballot_id, project_id, points in rows.iterator(chunk_size=5000):
        key = str(project_id)
        if key not in votes:
            continue
        weight = points if cumulative else 1
        per_ballot[ballot_id][key] = weight
        side = "paper" if channels[ballot_id] in PAPER_CHANNELS else "online"
        votes[key]["total"] += weight
        votes[key][side] += weight
    ballots = list(per_ballot.values())
    kind = vote_type(budget)
    if kind == "ordinal":
        longest = max_length(budget, len(projects))
        ballots = [ordinal_points(list(ballot), longest) for ballot in ballots]
    paper = sum(1 for channel in channels.values() if channel in PAPER_CHANNELS)
    election = Election(
        budget=budget.amount,
        projects={str(pk): cost for pk, cost in projects.items()},
        ballots=ballots,
        vote_type=kind,
    )
    return Counted(election, list(channels.values()), votes, len(channels) - paper, paper)


def run_rule(election: Election, rule: str, completion: str) -> list[str]:
    """Return the winners of one rule, in selection order."""
    if rule == Rule.GREEDY:
        return list(greedy(election))
    return list(equal_shares(election, completion=completion))


def compute_outcomes(by: Any, budget: Budget) -> list[Outcome]:
    """Compute both rules from the submitted ballots and store them side by side."""
    require(by, "budgets.manage_budgets", budget.component)
    with transaction.atomic():
        budget = lock_budget(budget)
        counted = count_ballots(budget)
        Outcome.objects.filter(budget=budget, published_at=None).delete()
        outcomes = []
        for rule, completion in ((Rule.GREEDY, ""), (Rule.EQUAL_SHARES, budget.completion)):
            winners = run_rule(counted.election, rule, completion or "add1")
            outcomes.append(
                Outcome.objects.create(
                    budget=budget,
                    rule=rule,
                    completion=completion,
                    selected=[int(pk) for pk in winners],
                    votes=counted.votes,
                    ballots_online=counted.online,
                    ballots_paper=counted.paper,
                    computed_by=by if getattr(by, "is_authenticated", False) else None,
                )
            )
        log_action(
            by,
            "budgets.outcomes_computed",
            target=budget.component.space.slug,
            budget=budget.pk,
            ballots=counted.online + counted.paper,
            outcomes={o.rule: o.selected for o in outcomes},
        )
    return outcomes


def is_default(outcome: Outcome, budget: Budget) -> bool:
    """Return whether the outcome follows the rule chosen before voting opened."""
    if outcome.rule != budget.outcome_rule:
        return False
    return outcome.rule == Rule.GREEDY or outcome.completion == budget.completion


def _set_statuses(budget: Budget, winners: list[int]) -> None:
    deciding = Project.objects.filter(budget=budget, status__in=OUTCOME_STATUSES)
    deciding.filter(pk__in=winners).update(status=Project.Status.SELECTED)
    deciding.exclude(pk__in=winners).update(status=Project.Status.NOT_SELECTED)


def publish_outcome(by: Any, outcome: Outcome, *, reason: str = "") -> Outcome:
    """Publish the outcome (withdrawing any other); another rule than the chosen one needs
    a public reason."""
    budget = outcome.budget
    require(by, "budgets.manage_budgets", budget.component)
    reason = reason.strip()
    with transaction.atomic():
        budget = lock_budget(budget)
        outcome = Outcome.objects.select_for_update().get(pk=outcome.pk, budget=budget)
        if not is_default(outcome, budget) and not reason:
            raise ValidationError(
                {
                    "reason": [
                        _(
                            "This is not the rule chosen before voting opened. Give a public "
                            "reason for publishing it."
                        )
                    ]
                }
            )
        previous = list(
            Outcome.objects.filter(budget=budget, published_at__isnull=False)
            .exclude(pk=outcome.pk)
            .values_list("pk", flat=True)
        )
        Outcome.objects.filter(pk__in=previous).update(published_at=None)
        outcome.published_at = timezone.now()
        outcome.publish_reason = reason
        outcome.save(update_fields=["published_at", "publish_reason"])
        _set_statuses(budget, outcome.winners)
        log_action(
            by,
            "budgets.outcome_published",
            target=budget.component.space.slug,
            budget=budget.pk,
            outcome=outcome.pk,
            rule=outcome.rule,
            winners=outcome.winners,
            reason=reason,
            withdrawn=previous,
        )
    return outcome


def override_outcome(by: Any, outcome: Outcome, *, selected: list[int], reason: str) -> Outcome:
    """Replace the computed winners by hand; the reason is shown with the results."""
    budget = outcome.budget
    require(by, "budgets.manage_budgets", budget.component)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the public reason for changing the winners.")]})
    with transaction.atomic():
        budget = lock_budget(budget)
        outcome = Outcome.objects.select_for_update().get(pk=outcome.pk, budget=budget)
        known = set(budget.projects.values_list("pk", flat=True))
        if not set(selected) <= known:
            raise ValidationError(_("A chosen project is not in this budget."))
        before = outcome.winners
        ordered = [pk for pk in outcome.selected if pk in selected]
        ordered += [pk for pk in selected if pk not in ordered]
        outcome.override_selected = ordered
        outcome.override_reason = reason
        outcome.save(update_fields=["override_selected", "override_reason"])
        if outcome.published_at:
            _set_statuses(budget, ordered)
        log_action(
            by,
            "budgets.outcome_overridden",
            target=budget.component.space.slug,
            budget=budget.pk,
            outcome=outcome.pk,
            changes={"winners": [before, ordered]},
            reason=reason,
        )
    return outcome


def latest_outcomes(budget: Budget) -> dict[str, Outcome]:
    """Return the newest outcome per rule, and the published one under "published"."""
    found: dict[str, Outcome] = {}
    for outcome in Outcome.objects.filter(budget=budget).order_by("-computed_at", "-pk"):
        found.setdefault(outcome.rule, outcome)
        if outcome.published_at:
            found["published"] = outcome
    return found


def participation(budget: Budget) -> dict[str, Any]:
    """Return submitted ballots per area and the completion rate (submitted of started)."""
    per_area: dict[str, int] = defaultdict(int)
    drafts = submitted = 0
    for status, area, n in (
        Ballot.objects.filter(budget=budget)
        .order_by()
        .values_list("status", "area_slug")
        .annotate(n=Count("pk"))
    ):
        if status == Ballot.Status.SUBMITTED:
            submitted += n
            per_area[area] += n
        else:
            drafts += n
    started = drafts + submitted
    return {
        "per_area": dict(per_area),
        "drafts": drafts,
        "submitted": submitted,
        "completion": round(100 * submitted / started) if started else None,
    }
