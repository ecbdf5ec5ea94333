"""The outcome engine of participatory budgets: pure Python, exact, no Django import.

The web app, the `pabulib_outcome` command and anyone recounting a published result call
the same functions; docs/budget-outcomes.md defines the rules precisely.
"""

from tenant_apps.budgets.outcomes.election import (
    VOTE_TYPES,
    Ballot,
    Election,
    ElectionError,
    Money,
    natural_key,
    ordinal_points,
    parse_money,
    scores_per_project,
    votes_per_project,
)
from tenant_apps.budgets.outcomes.equal_shares_rule import COMPLETIONS, equal_shares
from tenant_apps.budgets.outcomes.greedy_rule import fill_greedily, greedy, greedy_order
from tenant_apps.budgets.outcomes.pabulib_election import election_from_pabulib

RULES = ("greedy", "equal_shares")

__all__ = [
    "COMPLETIONS",
    "RULES",
    "VOTE_TYPES",
    "Ballot",
    "Election",
    "ElectionError",
    "Money",
    "election_from_pabulib",
    "equal_shares",
    "fill_greedily",
    "greedy",
    "greedy_order",
    "natural_key",
    "ordinal_points",
    "parse_money",
    "scores_per_project",
    "votes_per_project",
]
