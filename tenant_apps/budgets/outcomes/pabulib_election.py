"""Turn a parsed pabulib file into an `Election`."""

from __future__ import annotations

from tenant_apps.budgets.outcomes.election import (
    VOTE_TYPES,
    Ballot,
    Election,
    ElectionError,
    Money,
    ordinal_points,
    parse_money,
)
from tenant_apps.budgets.pabulib import Pabulib


def election_from_pabulib(data: Pabulib) -> Election:
    """Return the election of a parsed `.pb` file: its budget, costs and ballots.

    Approval and choose-1 ballots give 1 point a project; cumulative ballots the voter's
    `points`; ordinal ballots positional points, `max_length - position` with the file's
    `max_length` (or the longest ranking when the file has none), as pabulib's `score`.
    """
    meta, projects, votes = data
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise ElectionError(f"Unsupported vote_type {vote_type!r}.")
    if "budget" not in meta:
        raise ElectionError("The META section has no budget.")
    costs: dict[str, Money] = {pid: parse_money(row["cost"]) for pid, row in projects.items()}
    rankings = [_split(row.get("vote", "")) for row in votes.values()]
    ballots: list[Ballot]
    if vote_type == "ordinal":
        longest = max((len(ranking) for ranking in rankings), default=0)
        max_length = int(meta.get("max_length") or longest)
        ballots = [ordinal_points(ranking, max_length) for ranking in rankings]
    elif vote_type == "cumulative":
        ballots = [
            _cumulative(ranking, _split(row.get("points", "")))
            for ranking, row in zip(rankings, votes.values(), strict=True)
        ]
    else:
        ballots = [dict.fromkeys(ranking, 1) for ranking in rankings]
    return Election(
        budget=parse_money(meta["budget"]),
        projects=costs,
        ballots=ballots,
        vote_type=vote_type,
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _cumulative(project_ids: list[str], points: list[str]) -> Ballot:
    if len(points) != len(project_ids):
        raise ElectionError(f"A cumulative vote names {project_ids} with points {points}.")
    ballot: Ballot = {}
    for project_id, value in zip(project_ids, points, strict=True):
        ballot[project_id] = ballot.get(project_id, 0) + int(value)
    return ballot
