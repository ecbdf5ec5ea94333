"""The Method of Equal Shares with cost utilities, exact, and its completions.

One run of the method with a per-voter budget `b`: every voter starts with `b`. A project
costing `c` is affordable when its supporters hold at least `c` together; it then costs
each supporter `min(budget, t)` for the smallest cap `t` that collects exactly `c`. With
cost utilities (a supporter's utility for a project is its cost) the price per unit of
utility is `rho = t / c`, and the method funds the affordable project of smallest `rho`
(ties: lower cost, more votes, id in natural order), deducts the payments and repeats
until no project is affordable.

Completions, because one run usually leaves money unspent (see docs/budget-outcomes.md):

- `add1` (Wieliczka 2023): run again with `b = B/n + 1`, `B/n + 2`, ... and keep the
  outcome of the last run whose total cost is within the budget `B`;
- `exhaustive`: the same, but stop at the first outcome within `B` that is exhaustive (no
  unfunded project with a supporter fits in what is left), as pabutools and the
  equalshares.net compute tool do;
- `add1u`: `add1`, then fill what is left with the greedy rule;
- `none`: one run with `b = B/n`.

Speed without giving up exactness: voters with the same set of approved projects always
hold the same budget, so they are counted as one group; budgets are interned "levels"
so a project's supporters are summed per distinct budget; purses are integers over one
common denominator, so sums and comparisons need no gcd; and a project's `rho` is only
recomputed when one of its supporters has paid since (`rho` never falls, so a stale value
is a lower bound and a lazy heap gives the exact minimum). The completion still runs
every +1 step: tests/budgets/test_outcomes_reference.py checks all of this against a
literal implementation, voter by voter.
"""

from __future__ import annotations

import heapq
from collections import Counter
from fractions import Fraction
from math import gcd, lcm

from tenant_apps.budgets.outcomes.election import Election, Money
from tenant_apps.budgets.outcomes.greedy_rule import fill_greedily

# Floats closer than this (relatively) are compared exactly; far wider than float error.
_CLOSE = 1e-9

COMPLETIONS = ("add1", "exhaustive", "add1u", "none")

# (rho as a float, rho, cost, -votes, id key): the heap's order, tie-breaks included. The
# float only makes most comparisons cheap: rounding is monotone, so a < b between floats
# implies it between the exact values, and equal floats fall through to the exact rho.
_Key = tuple[float, Fraction, Money, int, tuple[tuple[int, int, str], ...]]


class _Groups:
    """Voters grouped by their set of approved projects, projects by index."""

    def __init__(self, election: Election) -> None:
        self.ids = list(election.projects)
        index = {project_id: i for i, project_id in enumerate(self.ids)}
        approval_sets = Counter(
            frozenset(index[p] for p, points in ballot.items() if points > 0)
            for ballot in election.ballots
        )
        self.sizes: list[int] = []
        self.members: list[list[int]] = []
        self.supporters: list[list[int]] = [[] for _ in self.ids]
        self.votes = [0] * len(self.ids)
        for approved, size in approval_sets.items():
            if not approved:
                continue
            group = len(self.sizes)
            self.sizes.append(size)
            self.members.append(sorted(approved))
            for project in approved:
                self.supporters[project].append(group)
                self.votes[project] += size
        self.costs = [election.projects[p] for p in self.ids]
        self.cost_denominator = lcm(*(Fraction(cost).denominator for cost in self.costs))
        # Each group's projects as a bit mask: bit p set when the group approves project p.
        # Each project's supporters, one entry per voter (a group as often as its size), so
        # counting them per purse is one C-level Counter call.
        self.voters_of = [
            [group for group in supporters for _ in range(self.sizes[group])]
            for supporters in self.supporters
        ]
        self.masks = [sum(1 << project for project in approved) for approved in self.members]
        self.id_keys = [election.id_key(p) for p in self.ids]


class _Run:
    """One run of the method for one starting budget per voter.

    Purses are integers over one common denominator, `scale` (a purse is
    `numerators[level] / scale`), so summing and comparing them is integer arithmetic
    with no gcd at every step. Before a project's supporters pay its cap, `scale` grows to
    a multiple of the cap's denominator and every numerator is multiplied to match.
    """

    def __init__(self, groups: _Groups, per_voter: Fraction) -> None:
        self.groups = groups
        self.per_voter = per_voter
        # A multiple of every cost's denominator too, so `cost * scale` is an integer.
        self.scale = lcm(per_voter.denominator, groups.cost_denominator)
        # numerators[0] is an empty purse; a group's purse is numerators[level_of[group]].
        self.numerators: list[int] = [
            0,
            per_voter.numerator * (self.scale // per_voter.denominator),
        ]
        # The purses as floats, only to skip exact comparisons that cannot be close.
        self.floats = [0.0, float(per_voter)]
        self.level_of = [1] * len(groups.sizes)
        # Per funded project: its key, and the lowest key left in the heap after it.
        self.trace: list[tuple[_Key, _Key | None]] = []

    def select(self) -> list[int]:
        """Return the funded projects' indexes, in the order the method funds them."""
        groups = self.groups
        per_voter = self.per_voter
        caps: dict[int, Fraction] = {}
        heap: list[tuple[_Key, int]] = []
        for project, votes in enumerate(groups.votes):
            cost = groups.costs[project]
            # Untouched purses are all equal: the cap is cost / votes, so rho = 1 / votes.
            if votes and votes * per_voter >= cost:
                caps[project] = Fraction(cost) / votes
                heap.append((self._key(project, Fraction(1, votes)), project))
        heapq.heapify(heap)
        # Bit p set: project p's cap may have grown since it was computed.
        self.dirty = 0
        funded: list[int] = []
        while heap:
            if self._refresh_top(heap, caps):
                continue
            key, project = heapq.heappop(heap)
            # The funded key and the lowest key left, made current as well: the lowest
            # key of any other project still affordable (see `_same_between`).
            while heap and self._refresh_top(heap, caps):
                pass
            self.trace.append((key, heap[0][0] if heap else None))
            funded.append(project)
            self._pay(project, caps[project])
        return funded

    def _refresh_top(self, heap: list[tuple[_Key, int]], caps: dict[int, Fraction]) -> bool:
        """Recompute the top project's key if it may be stale; return whether it was."""
        project = heap[0][1]
        if not self.dirty >> project & 1:
            return False
        heapq.heappop(heap)
        self.dirty &= ~(1 << project)
        cap = self._cap(project)
        if cap is not None:
            caps[project] = cap
            rho = cap / self.groups.costs[project]
            heapq.heappush(heap, (self._key(project, rho), project))
        return True

    def _key(self, project: int, rho: Fraction) -> _Key:
        groups = self.groups
        return (
            float(rho),
            rho,
            groups.costs[project],
            -groups.votes[project],
            groups.id_keys[project],
        )

    def _cap(self, project: int) -> Fraction | None:
        """Return the smallest per-voter cap that pays for the project, or None.

        The cap `t` solves `sum(min(purse, t)) = cost` over the supporters. Start from an
        equal split and move the supporters whose purse is below `t` to "pays everything",
        which raises `t`; repeat until nobody else falls below. With `t = rest / voters`
        and `rest` over `scale` like the purses, a purse is below when
        `numerator * voters < rest`: integers only.
        """
        groups = self.groups
        voters_by_level = Counter(map(self.level_of.__getitem__, groups.voters_of[project]))
        del voters_by_level[0]
        numerators, floats = self.numerators, self.floats
        voters = sum(voters_by_level.values())
        rest = int(groups.costs[project] * self.scale)
        pending = list(voters_by_level.items())
        while voters:
            # Floats decide when they are far apart; close ones compare exactly.
            cap = rest / (voters * self.scale)
            low, high = cap * (1 - _CLOSE), cap * (1 + _CLOSE)
            below = [
                (level, n)
                for level, n in pending
                if floats[level] < low
                or (floats[level] <= high and numerators[level] * voters < rest)
            ]
            if not below:
                return Fraction(rest, voters * self.scale)
            for level, n in below:
                rest -= numerators[level] * n
                voters -= n
            below_set = set(below)
            pending = [item for item in pending if item not in below_set]
        return None

    def _pay(self, project: int, cap: Fraction) -> None:
        denominator = cap.denominator
        if self.scale % denominator:
            factor = denominator // gcd(self.scale, denominator)
            self.scale *= factor
            self.numerators = [numerator * factor for numerator in self.numerators]
        numerators, level_of = self.numerators, self.level_of
        cap_numerator = cap.numerator * (self.scale // denominator)
        masks = self.groups.masks
        dirty = self.dirty
        after: dict[int, int] = {}
        for group in self.groups.supporters[project]:
            level = level_of[group]
            if not level:
                continue
            # Every project this group supports may now cost its supporters more.
            dirty |= masks[group]
            new_level = after.get(level)
            if new_level is None:
                purse = numerators[level]
                if purse <= cap_numerator:
                    new_level = 0
                else:
                    numerators.append(purse - cap_numerator)
                    self.floats.append(numerators[-1] / self.scale)
                    new_level = len(numerators) - 1
                after[level] = new_level
            level_of[group] = new_level
        self.dirty = dirty


def equal_shares(
    election: Election, *, completion: str = "add1", increment: Money = 1
) -> list[str]:
    """Return the projects the Method of Equal Shares funds, in the order it funds them.

    `completion` is one of `COMPLETIONS` (module docstring); `increment` is what each
    voter's starting budget grows by between runs, one currency unit by default. A
    ballot's projects with points count as approved, whatever the vote type.
    """
    if completion not in COMPLETIONS:
        raise ValueError(f"Unknown completion {completion!r}; choose from {COMPLETIONS}.")
    if increment <= 0:
        raise ValueError("The increment must be positive.")
    groups = _Groups(election)
    voters = len(election.ballots)
    if not voters:
        return []
    start = Fraction(election.budget) / voters
    if completion == "none":
        outcome = _Run(groups, start).select()
    else:
        outcome = _complete(election, groups, start, completion, increment)
    funded = [groups.ids[project] for project in outcome]
    if completion == "add1u":
        funded = fill_greedily(election, funded, election.budget)
    return funded


def _complete(
    election: Election,
    groups: _Groups,
    start: Fraction,
    completion: str,
    increment: Money,
    *,
    skip: bool = True,
) -> list[int]:
    """Return the completion's outcome: runs with `b = start + step * increment`.

    The outcome is the one of going step by step. With `skip`, steps whose run provably
    funds the same projects as the last step are not run: a run `jump` steps ahead is
    tried, and when `_same_between` proves every step in between the same, all of them
    are passed at once (the jump doubles after two proofs in a row and halves when one
    fails, down to an ordinary single step).
    """
    fundable = sum(1 for votes in groups.votes if votes)
    run = _Run(groups, start)
    outcome = run.select()
    trace = run.trace
    step, jump, grow = 0, 2, True
    # Plain steps to take before the next jump, and the next such wait: it doubles each
    # time a jump of 2 fails (the order of funding changes at most steps on some files,
    # and every failed proof costs a run) and is back to 1 after a proof.
    wait, backoff = 0, 1
    while len(outcome) < fundable:
        if completion == "exhaustive" and _is_exhaustive(election, groups, outcome):
            break
        if skip and jump > 1 and not wait:
            ahead = _Run(groups, start + (step + jump) * increment)
            ahead.select()
            if _same_between(trace, ahead.trace):
                step, trace = step + jump, ahead.trace
                # Longer jumps only after two proofs in a row: a failed one costs a run.
                jump, grow, backoff = (jump * 2 if grow else jump), True, 1
            else:
                jump, grow = jump // 2, False
                if jump == 1:
                    wait, backoff = backoff, backoff * 2
            continue
        step += 1
        run = _Run(groups, start + step * increment)
        candidate = run.select()
        if sum(groups.costs[p] for p in candidate) > election.budget:
            break
        outcome, trace, jump, grow = candidate, run.trace, 2, False
        wait = max(wait - 1, 0)
    return outcome


def _same_between(
    low: list[tuple[_Key, _Key | None]], high: list[tuple[_Key, _Key | None]]
) -> bool:
    """Return whether every starting budget between two runs' funds the same projects.

    `low` and `high` are the traces of runs with budgets `b1 < b2`. With the same projects
    funded before, a purse grows with `b` (what a supporter pays is capped by the
    others' purses too), so a project's rho falls as `b` grows and what is unaffordable at
    `b2` is unaffordable below it. So if both runs fund the same projects in the same
    order, and at every round the funded project's key at `b1` is below the lowest key
    left at `b2` (a lower bound of every other affordable project's key there), then at
    any `b` in between the funded key is at most its key at `b1`, every other key at
    least its key at `b2`, and the run funds the same project: by induction, the same
    projects in the same order.
    """
    if len(low) != len(high):
        return False
    for (low_key, _), (high_key, high_next) in zip(low, high, strict=True):
        if low_key[-1] != high_key[-1]:
            return False
        if high_next is not None and not low_key < high_next:
            return False
    return True


def _is_exhaustive(election: Election, groups: _Groups, outcome: list[int]) -> bool:
    """Return whether no unfunded project with a supporter fits in the money left."""
    left = election.budget - sum(groups.costs[p] for p in outcome)
    funded = set(outcome)
    return not any(
        votes and project not in funded and groups.costs[project] <= left
        for project, votes in enumerate(groups.votes)
    )
