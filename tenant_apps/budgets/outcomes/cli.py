"""The recount: print the outcome of a `.pb` file, without Django or a database.

`python manage.py pabulib_outcome FILE` and `python -m tenant_apps.budgets.outcomes FILE`
both end here, so a published result is recomputed by the code that computed it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tenant_apps.budgets import pabulib
from tenant_apps.budgets.outcomes.election import ElectionError
from tenant_apps.budgets.outcomes.equal_shares_rule import COMPLETIONS, equal_shares
from tenant_apps.budgets.outcomes.greedy_rule import greedy
from tenant_apps.budgets.outcomes.pabulib_election import election_from_pabulib

RULES = ("greedy", "equal_shares")
DESCRIPTION = (
    "Print the project ids a rule funds in a pabulib .pb election, sorted in natural order, "
    "one per line. Uses the file's budget and vote type; needs no database."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments (shared by argparse and the Django command)."""
    parser.add_argument("file", help="a pabulib .pb file")
    parser.add_argument("--rule", choices=RULES, required=True)
    parser.add_argument(
        "--completion",
        choices=COMPLETIONS,
        default="add1",
        help="equal_shares only: add1 (default, Wieliczka 2023), exhaustive (stop when "
        "the outcome is exhaustive, as pabutools), add1u (add1 then greedy), none",
    )


def outcome_lines(file: str, rule: str, completion: str = "add1") -> list[str]:
    """Return the funded project ids of the file, in natural order."""
    election = election_from_pabulib(pabulib.read(file))
    if rule == "greedy":
        funded = greedy(election)
    elif rule == "equal_shares":
        funded = equal_shares(election, completion=completion)
    else:
        raise ValueError(f"Unknown rule {rule!r}; choose from {RULES}.")
    return election.sorted_ids(funded)


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the recount from the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    add_arguments(parser)
    options = parser.parse_args(argv)
    try:
        lines = outcome_lines(options.file, options.rule, options.completion)
    except (OSError, ValueError) as error:  # ElectionError and PabulibError included
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


__all__ = ["ElectionError", "add_arguments", "main", "outcome_lines"]
