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

Speed without giving up exactness (docs/budget-outcomes.md explains each step):

- voters with the same set of approved projects always hold the same purse: one group;
  groups holding the same purse share a "level", so a project's supporters are counted
  per level;
- purses are integers over one common denominator, each kept over the denominator it was
  made with and scaled up when read, so nothing is rescaled when the denominator grows;
- a cap is found by walking the supporters' purses as floats, then checked exactly at the
  boundary (and walked exactly if the check fails); floats decide nothing else, except
  proven lower bounds of keys (with a bound on their rounding error);
- a project's key is recomputed only when it reaches the top of a lazy heap and one of its
  supporters has paid since (keys never fall during a run, so a stale key is a lower
  bound), and exactly only if its float lower bound comes back to the top;
- a run learns lower bounds from a run with more money per voter while both fund the
  same projects in the same order; the completions skip the steps they prove unchanged
  and run the others between two runs already made, learning from the one above.

tests/budgets/test_outcomes_reference.py checks all of this against a literal
implementation, voter by voter and step by step.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from functools import reduce
from itertools import repeat
from math import gcd, lcm
from operator import itemgetter, mul, or_

from tenant_apps.budgets.outcomes.election import Election, Money
from tenant_apps.budgets.outcomes.greedy_rule import fill_greedily

COMPLETIONS = ("add1", "exhaustive", "add1u", "none")


class _Ratio:
    """An exact positive ratio `numerator / denominator`, compared by cross-multiplying.

    A key's exact rho: it is only compared when the floats in front of it are equal, so
    it is not reduced (no gcd) and costs nothing the rest of the time.
    """

    __slots__ = ("denominator", "numerator")

    def __init__(self, numerator: int, denominator: int) -> None:
        self.numerator = numerator
        self.denominator = denominator

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Ratio):
            return NotImplemented
        return self.numerator * other.denominator == other.numerator * self.denominator

    def __lt__(self, other: _Ratio) -> bool:
        return self.numerator * other.denominator < other.numerator * self.denominator

    def __hash__(self) -> int:
        return hash(Fraction(self.numerator, self.denominator))


# (rho as a float, rho, cost, -votes, id key): the heap's order, tie-breaks included. The
# float is rho correctly rounded, and rounding is monotone: a < b between the floats
# implies it between the exact values, and equal floats fall through to the exact rho.
_Key = tuple[float, _Ratio, Money, int, tuple[tuple[int, int, str], ...]]

# How a project's supporters pay for it (see `_Run._exact`), and the float walk that
# finds it (`_Run._rough`).
_Walk = tuple[int, int, list[int], int, int]
_Rough = tuple[Counter[int], list[int], int, float, int]

# The unit roundoff of floats: a correctly rounded result is within a factor 1 ± _ULP.
_ULP = 2.0**-53
# A purse's float is `float(numerator) / float(scale)`: three roundings, so within a
# factor 1 ± 4 * _ULP of the purse; or `numerator / scale`, rounded once, when they may
# not fit in a float (more than `_FLOAT_BITS` bits).
_FLOAT_BITS = 1000
# If float(x) < float(y) * (1 - _TWINS), rounded as computed, then x < y exactly: x is
# at most float(x) * (1 + 4u) and y at least float(y) * (1 - 4u), and the product rounds
# by one more u; 16u covers the 9u this needs. The same above. (See `_Run._splits`.)
_TWINS = 16 * _ULP


def _getter(indexes: Sequence[int]) -> Callable[[list[int]], Sequence[int]]:
    """Return a function that picks the items at `indexes` from a list, in C."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda items: (items[index],)
    if not indexes:
        return lambda items: ()
    return itemgetter(*indexes)


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
        masks: list[int] = []
        self.supporters: list[list[int]] = [[] for _ in self.ids]
        self.votes = [0] * len(self.ids)
        for approved, size in approval_sets.items():
            if not approved:
                continue
            group = len(self.sizes)
            self.sizes.append(size)
            masks.append(sum(1 << project for project in approved))
            for project in approved:
                self.supporters[project].append(group)
                self.votes[project] += size
        self.costs = [election.projects[p] for p in self.ids]
        self.float_costs = [float(cost) for cost in self.costs]
        # The costs as integers over one common denominator.
        self.cost_denominator = lcm(*(Fraction(cost).denominator for cost in self.costs))
        self.cost_units = [int(cost * self.cost_denominator) for cost in self.costs]
        self.id_keys = [election.id_key(p) for p in self.ids]
        # Each project's key before anything is paid (None without a supporter): every
        # purse is the same, so the cap is cost / votes and rho = 1 / votes. One object
        # per number of votes, so equal rhos compare by identity, not cross-multiplying.
        ratios = {votes: _Ratio(1, votes) for votes in self.votes if votes}
        self.first_keys: list[_Key | None] = [
            (1 / votes, ratios[votes], cost, -votes, id_key) if votes else None
            for votes, cost, id_key in zip(self.votes, self.costs, self.id_keys, strict=True)
        ]
        # Per project, the projects that share a supporter with it, as a bit mask: the
        # keys that may grow when it is paid for.
        self.neighbours = [
            reduce(or_, (masks[group] for group in supporters), 0) for supporters in self.supporters
        ]
        # Per project, picks its supporters' levels from a run's `level_of`: one entry
        # per group, and one per voter (a group as often as its size) for counting.
        self.supporter_levels = [_getter(supporters) for supporters in self.supporters]
        self.voter_levels = [
            _getter([group for group in supporters for _ in range(self.sizes[group])])
            for supporters in self.supporters
        ]


class _Run:
    """One run of the method for one starting budget per voter.

    Groups holding the same purse share a level: a group's purse is at `level_of[group]`,
    level 0 being an empty purse. Purses are integers over a common denominator `scale`,
    so summing and comparing them is integer arithmetic with no gcd. Paying a cap can need
    a larger `scale` (a multiple of the cap's denominator); rather than multiplying every
    purse up, each level keeps the numerator it was made with and its "epoch" (the
    `scale` then), and `up[epoch]` turns it into the current `scale`: a purse is
    `numerators[level] * up[epochs[level]] / scale`. `floats` holds each purse as a float
    (within a factor 1 ± 4u, `_TWINS`), to sort and walk purses before checking exactly.

    `above`, when given, is a finished run with a higher budget per voter. While this run
    funds the same projects in the same order as that one, every key that one knew at a
    round is a lower bound of the same project's key here at that round (`_learn`).
    """

    def __init__(self, groups: _Groups, per_voter: Fraction, above: _Run | None = None) -> None:
        self.groups = groups
        self.per_voter = per_voter
        self.above = above
        # A multiple of every cost's denominator too, so `cost * scale` is an integer.
        self.scale = lcm(per_voter.denominator, groups.cost_denominator)
        self.numerators = [0, per_voter.numerator * (self.scale // per_voter.denominator)]
        self.epochs = [0, 0]
        self.up = [1]
        self.floats = [0.0, float(per_voter)]
        # No purse exceeds the starting one: below this size of `scale`, every numerator
        # has fewer than `_FLOAT_BITS` bits and converts to a float.
        self.float_scale_bits = _FLOAT_BITS - int(per_voter).bit_length()
        self.level_of = [1] * len(groups.sizes)
        # The funded projects in order; per funded project, its key and the lowest key
        # left in the heap after it (a lower bound of every other affordable key).
        self.funded: list[int] = []
        self.trace: list[tuple[_Key, _Key | None]] = []
        # Per round (number of projects funded before it): the lower bounds of keys
        # learned in it, as (project, key), key None when the project is unaffordable.
        self.learned: list[list[tuple[int, _Key | None]]] = []
        # Bit p set: project p's key in the heap may be stale (a supporter paid since it
        # was computed); bit p of `unaffordable`: p is known unaffordable. `lower[p]`: the
        # best lower bound known of p's key. `walks[p]`: how p's supporters would pay.
        self.dirty = 0
        self.unaffordable = 0
        self.lower: list[_Key | None] = [None] * len(groups.costs)
        self.walks: dict[int, _Walk] = {}
        # Projects whose key in the heap is the lower bound of a float walk, that walk.
        self.rough: dict[int, _Rough] = {}
        self.remap: list[int] = []

    def select(self) -> list[int]:
        """Return the funded projects' indexes, in the order the method funds them."""
        groups = self.groups
        per_voter = self.per_voter
        heap = [
            (key, project)
            for project, key in enumerate(groups.first_keys)
            if key is not None and groups.votes[project] * per_voter >= groups.costs[project]
        ]
        heapq.heapify(heap)
        above = self.above
        while heap:
            self.learned.append([])
            if above is not None:
                self._learn(above)
            self._settle(heap)
            if not heap:
                break
            key, project = heapq.heappop(heap)
            if self.above is None:
                # The lowest key left, made current: a tighter bound for `_same_between`
                # when this run is the upper end of a proof (a run that learns from one
                # above is not; there the bound as it is will do).
                self._settle(heap)
            self.trace.append((key, heap[0][0] if heap else None))
            self.funded.append(project)
            self._pay(project)
            if above is not None:
                done = len(self.funded)
                if len(above.funded) < done or above.funded[done - 1] != project:
                    above = None
        # Other runs only read `funded`, `trace` and `learned`: drop the purses, which a
        # finished run would otherwise hold while it waits as another run's `above`.
        del self.numerators, self.epochs, self.floats, self.level_of, self.walks, self.rough
        self.above = None
        return self.funded

    def _learn(self, above: _Run) -> None:
        """Take the lower bounds the run above learned in this round.

        Both runs funded the same projects so far. With more money per voter and the
        same projects funded before, every purse is at least as full (a payment is
        `min(purse, cap)` and the cap only falls when purses grow), so every cap and key
        there is at most the one here: what that run knew of a key bounds it here from
        below, and what it could not afford is not affordable here either.
        """
        rounds = len(self.learned) - 1
        if rounds >= len(above.learned):
            return
        learned = self.learned[-1]
        lower = self.lower
        for project, key in above.learned[rounds]:
            if key is None:
                if not self.unaffordable >> project & 1:
                    self.unaffordable |= 1 << project
                    learned.append((project, None))
            else:
                known = lower[project]
                if known is None or known < key:
                    lower[project] = key
                    learned.append((project, key))

    def _settle(self, heap: list[tuple[_Key, int]]) -> None:
        """Make the heap's top key exact and current, recomputing keys as needed.

        A stale key at the top (`dirty`) is first replaced by a better lower bound if one
        is known, else recomputed in floats (`_rough`), which gives a proven lower bound:
        a project that then sinks below others needs nothing more. A lower bound that
        comes back to the top is made exact (`_exact`) from the same float walk.
        """
        learned = self.learned[-1]
        lower = self.lower
        rough = self.rough
        while heap:
            key, project = heap[0]
            bit = 1 << project
            if self.dirty & bit:
                if self.unaffordable & bit:
                    heapq.heappop(heap)
                    continue
                known = lower[project]
                if known is not None and key < known:
                    # A better lower bound: no need to compute the key yet.
                    heapq.heapreplace(heap, (known, project))
                    continue
                self.dirty &= ~bit
                walk = self._rough(project)
                bound = self._bound(project, walk)
                if bound is None:
                    heapq.heappop(heap)
                    self.unaffordable |= bit
                    learned.append((project, None))
                    continue
                rough[project] = walk
            elif project in rough:
                exact = self._exact(project, rough.pop(project))
                if exact is None:
                    heapq.heappop(heap)
                    self.unaffordable |= bit
                    learned.append((project, None))
                    continue
                self.walks[project] = exact
                rest, voters = exact[0], exact[1]
                # rho = cap / cost = rest / (voters * scale) / (cost_units / cost_denominator)
                groups = self.groups
                bound = self._key(
                    project,
                    rest * groups.cost_denominator,
                    voters * self.scale * groups.cost_units[project],
                )
            else:
                return
            known = lower[project]
            if known is None or known < bound:
                lower[project] = known = bound
                learned.append((project, bound))
            heapq.heapreplace(heap, (known, project))

    def _key(self, project: int, numerator: int, denominator: int) -> _Key:
        """Return the heap key of a project whose rho is `numerator / denominator`."""
        groups = self.groups
        return (
            numerator / denominator,
            _Ratio(numerator, denominator),
            groups.costs[project],
            -groups.votes[project],
            groups.id_keys[project],
        )

    def _purses(self, levels: Sequence[int]) -> list[int]:
        """Return the levels' purses as numerators over the current `scale`."""
        numerators, epochs, up = self.numerators, self.epochs, self.up
        return [numerators[level] * up[epochs[level]] for level in levels]

    def _cost(self, project: int) -> int:
        """Return the project's cost as a numerator over `scale`."""
        groups = self.groups
        return groups.cost_units[project] * (self.scale // groups.cost_denominator)

    def _rough(self, project: int) -> _Rough:
        """Return the walk that finds the project's cap, done on the purses' floats.

        The cap `t` solves `sum(min(purse, t)) = cost` over the supporters. Walk their
        purses from the poorest: while the poorest left holds less than an equal split
        `t = rest / voters` of what is left to pay, it pays everything it has (which
        raises `t`); the first purse that is not below `t` means no richer one is either.
        The answer is `(voters_by_level, levels, below, rest, voters)`: the supporters'
        levels poorest first (by float), of which the first `below` pay all they have,
        leaving `rest` (a float) to `voters` voters. Nothing here is trusted as exact:
        `_bound` only takes a proven lower bound from it, `_exact` checks it.
        """
        voters_by_level = Counter(self.groups.voter_levels[project](self.level_of))
        del voters_by_level[0]
        floats = self.floats
        levels = sorted(voters_by_level, key=floats.__getitem__)
        voters = sum(voters_by_level.values())
        rest = self.groups.float_costs[project]
        for below, level in enumerate(levels):  # noqa: B007 - read after the loop
            purse = floats[level]
            if purse * voters >= rest:
                break
            n = voters_by_level[level]
            rest -= purse * n
            voters -= n
        else:
            below = len(levels)
        return voters_by_level, levels, below, rest, voters

    def _bound(self, project: int, walk: _Rough) -> _Key | None:
        """Return a proven lower bound of the project's key from its float walk, or None
        when the walk proves the project unaffordable.

        For any set of supporters `P`, `cost = sum(min(purse, t)) <= sum(P) + t * (the
        others)`, so the cap is at least `(cost - sum(P)) / (the others)`, whichever `P`
        the float walk took (the right one or not). Its `rest` differs from
        `cost - sum(P)` by rounding only, with `u = 2**-53`: at most `u * cost` for the
        cost's float, `4u` times `sum(P)` for the purses' floats (`_TWINS`), `u` times
        `sum(P)` for the products, and `u * cost` for each subtraction (`rest` stays
        between 0 and the cost, and `sum(P)` below it). That is less than
        `(below + 6) * u * cost` (plus second-order terms), so `error = (below + 8) * 2u *
        cost` bounds it with room to spare, and `(rest - error) / voters / cost`, less
        8u for its own four roundings, bounds rho from below. With everyone paying all
        they have and `rest > error`, the purses provably do not cover the cost.
        """
        _, _, below, rest, voters = walk
        cost = self.groups.float_costs[project]
        error = (below + 8) * 2 * _ULP * cost
        if not voters:
            return None if rest > error else self._lowest(project)
        if rest <= error:
            return self._lowest(project)
        rho = (rest - error) / voters / cost * (1 - 8 * _ULP)
        numerator, denominator = rho.as_integer_ratio()
        groups = self.groups
        return (
            rho,
            _Ratio(numerator, denominator),
            groups.costs[project],
            -groups.votes[project],
            groups.id_keys[project],
        )

    def _lowest(self, project: int) -> _Key:
        """Return a key below any the project can have (rho 0)."""
        return self._key(project, 0, 1)

    def _cap(self, project: int) -> _Walk | None:
        """Return how the project's supporters pay for it exactly (`_exact`), or None."""
        return self._exact(project, self._rough(project))

    def _exact(self, project: int, walk: _Rough) -> _Walk | None:
        """Return the float walk checked exactly: how the supporters pay, or None.

        With the poorest `below` levels paying everything, `t = rest / voters` is the cap
        exactly when each of them is below `t` and no other level is (`t` is then the
        unique solution): `rest` and `voters` are computed exactly, and `_splits` checks
        that. If it fails (floats too close to call), the walk is redone on exact purses.
        The answer is `(rest, voters, levels, below, scale)`: the cap is
        `rest / (voters * scale)`, `levels` the supporters' levels poorest first, of which
        the first `below` pay all they have.
        """
        voters_by_level, levels, below, _, _ = walk
        payers = levels[:below]
        counts = list(map(voters_by_level.__getitem__, payers))
        voters = sum(voters_by_level.values()) - sum(counts)
        rest = self._cost(project) - sum(map(mul, self._purses(payers), counts))
        if not voters:
            if rest > 0:
                return None  # everyone pays all they have, and it is not enough
        elif self._splits(levels, below, rest, voters):
            return rest, voters, levels, below, self.scale
        return self._exact_cap(project, voters_by_level)

    def _splits(self, levels: list[int], below: int, rest: int, voters: int) -> bool:
        """Return whether exactly the first `below` levels are below `rest / voters`.

        The levels are sorted by float. A payer whose float is below the richest payer's
        by more than `_TWINS` is exactly poorer than that payer (and the same above the
        poorest other level), so only the boundary levels and their float "twins" are
        compared exactly: the richest of the payers must be below `t`, the poorest of
        the others not.
        """
        floats = self.floats
        if below:
            edge = floats[levels[below - 1]] * (1 - _TWINS)
            first = below - 1
            while first and floats[levels[first - 1]] >= edge:
                first -= 1
            if max(self._purses(levels[first:below])) * voters >= rest:
                return False
        if below < len(levels):
            edge = floats[levels[below]] * (1 + _TWINS)
            end = below + 1
            while end < len(levels) and floats[levels[end]] <= edge:
                end += 1
            if min(self._purses(levels[below:end])) * voters < rest:
                return False
        return True

    def _exact_cap(self, project: int, voters_by_level: Counter[int]) -> _Walk | None:
        """Return `_cap`'s answer by walking the exact purses (the float walk's fallback)."""
        levels = list(voters_by_level)
        purse_of = dict(zip(levels, self._purses(levels), strict=True))
        levels.sort(key=purse_of.__getitem__)
        voters = sum(voters_by_level.values())
        rest = self._cost(project)
        for below, level in enumerate(levels):
            purse = purse_of[level]
            if purse * voters >= rest:
                return rest, voters, levels, below, self.scale
            n = voters_by_level[level]
            rest -= purse * n
            voters -= n
        return None

    def _pay(self, project: int) -> None:
        """Fund the project: each supporter pays `min(purse, cap)`."""
        walk = self.walks.pop(project, None) or self._cap(project)
        assert walk is not None, "the heap holds affordable projects only"
        rest, voters, levels, below, scale = walk
        # The project's key is current, so its supporters have not paid since the walk;
        # only `scale` may have grown since.
        rest *= self.scale // scale
        # The cap is rest / (voters * scale) = cap / (factor * scale) in lowest terms.
        common = gcd(rest, voters)
        factor, cap = voters // common, rest // common
        if factor > 1:
            self.scale *= factor
            self.up = [up * factor for up in self.up]
            self.up.append(1)
        numerators, epochs, up = self.numerators, self.epochs, self.up
        # remap[level]: where the supporters at that level go. The poorest pay all they
        # have (level 0); everyone else pays the cap and moves to a new, lower level (or
        # to 0 if they held exactly the cap). Entries for other levels are left stale:
        # only the supporters' levels are looked up.
        remap = self.remap
        remap.extend(repeat(0, len(numerators) - len(remap)))
        for level in levels[:below]:
            remap[level] = 0
        richer = levels[below:]
        purses = [numerators[level] * up[epochs[level]] - cap for level in richer]
        if 0 in purses:
            for level, purse in zip(richer, purses, strict=True):
                if not purse:
                    remap[level] = 0
            richer = [level for level, purse in zip(richer, purses, strict=True) if purse]
            purses = [purse for purse in purses if purse]
        for new, level in enumerate(richer, len(numerators)):
            remap[level] = new
        numerators.extend(purses)
        epochs.extend(repeat(len(up) - 1, len(purses)))
        if self.scale.bit_length() < self.float_scale_bits:
            float_scale = float(self.scale)
            self.floats.extend([float(purse) / float_scale for purse in purses])
        else:
            # Too large for a float: the division of integers is correctly rounded.
            self.floats.extend([purse / self.scale for purse in purses])
        groups = self.groups
        level_of = self.level_of
        for group, level in zip(
            groups.supporters[project], groups.supporter_levels[project](level_of), strict=True
        ):
            level_of[group] = remap[level]
        # Every project of a supporter may now cost its supporters more.
        self.dirty |= groups.neighbours[project]


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

    The outcome is the one of going step by step: before each step, stop when every
    project with a supporter is funded or (`exhaustive`) the outcome is exhaustive; take
    the step's run unless it costs more than the budget, then stop. With `skip`, the
    steps come in blocks from `_steps_between`: a run `jump` steps ahead, then the steps
    in between, where a proof can pass many at once and every run learns lower bounds
    from a run above it. The jump doubles after each block.
    """
    fundable = sum(1 for votes in groups.votes if votes)

    def run(step: int, above: _Run | None = None) -> _Run:
        new = _Run(groups, start + step * increment, above)
        new.select()
        return new

    def done(outcome: list[int]) -> bool:
        return len(outcome) >= fundable or (
            completion == "exhaustive" and _is_exhaustive(election, groups, outcome)
        )

    current, step, jump = run(0), 0, 2
    while not done(current.funded):
        if skip:
            candidates = _steps_between(current, step, run(step + jump), step + jump, run)
            step, jump = step + jump, jump * 2
        else:
            step += 1
            candidates = iter([run(step)])
        for candidate in candidates:
            if sum(groups.costs[p] for p in candidate.funded) > election.budget:
                return current.funded
            current = candidate
            if done(current.funded):
                break
    return current.funded


def _steps_between(
    low: _Run, low_step: int, high: _Run, high_step: int, run: Callable[[int, _Run], _Run]
) -> Iterator[_Run]:
    """Yield the runs of the steps after `low_step` up to `high_step`, in order.

    Steps that `_same_between` proves to fund what a yielded run funds, in the same order,
    are left out (their outcome is that run's). Otherwise the middle step is run, learning
    from `high` (the nearest run above it), and each half is done the same way. Lazy: the
    caller's stop ends it, having run at most the middles of the blocks above.
    """
    if high_step - low_step == 1 or _same_between(low.trace, high.trace):
        yield high
        return
    middle_step = (low_step + high_step) // 2
    middle = run(middle_step, high)
    yield from _steps_between(low, low_step, middle, middle_step, run)
    yield from _steps_between(middle, middle_step, high, high_step, run)


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
