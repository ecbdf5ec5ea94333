"""A budget's anonymised ballots as pabulib `.pb`, CSV and JSON, and the simulation of an
uploaded `.pb` election.

Exports hold no personal data: no accounts, voter keys, receipt codes, channels, areas
or times. Ballots are sorted by their content and numbered 1, 2, 3… in each export, so a
voter id says nothing about who voted or when. The `.pb` file gives the engine the same
election the published outcome was computed from, so

    python manage.py pabulib_outcome ballots.pb --rule greedy

prints the published winners (docs/budgets.md).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tenant_apps.budgets import pabulib
from tenant_apps.budgets.models import Ballot, BallotChoice, Budget, Outcome
from tenant_apps.budgets.outcomes import (
    ElectionError,
    election_from_pabulib,
    equal_shares,
    greedy,
    votes_per_project,
)
from tenant_apps.budgets.results import max_length, vote_type

MAX_UPLOAD = 50 * 2**20


@dataclass
class AnonymousBallots:
    projects: list[Any]
    # Per ballot: project ids in ballot order (rank order when ranked) and their points.
    ballots: list[list[tuple[int, int]]]


def anonymous_ballots(budget: Budget) -> AnonymousBallots:
    """Return the budget's projects and submitted ballots without anything personal."""
    projects = list(
        budget.projects.order_by("pk").values("pk", "title_sv", "title_en", "cost", "status")
    )
    ballots: dict[int, list[tuple[int, int]]] = {}
    rows = (
        BallotChoice.objects.filter(ballot__budget=budget, ballot__status=Ballot.Status.SUBMITTED)
        .order_by("ballot_id", "rank", "pk")
        .values_list("ballot_id", "project_id", "points")
    )
    for ballot_id, project_id, points in rows.iterator(chunk_size=5000):
        ballots.setdefault(ballot_id, []).append((project_id, points))
    return AnonymousBallots(projects, sorted(ballots.values()))


def _published(budget: Budget) -> Outcome | None:
    return Outcome.objects.filter(budget=budget, published_at__isnull=False).first()


def to_pabulib(budget: Budget) -> str:
    """Return the budget's election as a pabulib `.pb` file."""
    data = anonymous_ballots(budget)
    kind = vote_type(budget)
    published = _published(budget)
    winners = set(published.winners) if published else set()
    meta = {
        "description": budget.title_sv,
        "country": "Sweden",
        "unit": budget.component.space.title_sv,
        "instance": str(budget.created.year),
        "num_projects": str(len(data.projects)),
        "num_votes": str(len(data.ballots)),
        "budget": str(budget.amount),
        "vote_type": kind,
        "rule": published.rule if published else budget.outcome_rule,
        "currency": "SEK",
        "language": "sv",
    }
    if kind == "ordinal":
        meta["max_length"] = str(max_length(budget, len(data.projects)))
    if kind == "cumulative":
        meta["max_sum_points"] = str(budget.points)
    counts: dict[int, int] = {}
    for ballot in data.ballots:
        for project_id, _points in ballot:
            counts[project_id] = counts.get(project_id, 0) + 1
    projects = {
        str(p["pk"]): {
            "project_id": str(p["pk"]),
            "cost": str(p["cost"]),
            "votes": str(counts.get(p["pk"], 0)),
            "name": p["title_sv"],
            "selected": "1" if p["pk"] in winners else "0",
        }
        for p in data.projects
    }
    votes = {}
    for number, ballot in enumerate(data.ballots, start=1):
        row = {"voter_id": str(number), "vote": ",".join(str(pid) for pid, _p in ballot)}
        if kind == "cumulative":
            row["points"] = ",".join(str(points) for _pid, points in ballot)
        votes[str(number)] = row
    return pabulib.write(meta, projects, votes)


def to_csv(budget: Budget) -> str:
    """Return one row per ballot: voter_id, projects (ids, ";"), points (cumulative)."""
    data = anonymous_ballots(budget)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    cumulative = budget.ballot_rule == Budget.BallotRule.CUMULATIVE
    writer.writerow(["voter_id", "projects", *(["points"] if cumulative else [])])
    for number, ballot in enumerate(data.ballots, start=1):
        row = [str(number), ";".join(str(pid) for pid, _p in ballot)]
        if cumulative:
            row.append(";".join(str(points) for _pid, points in ballot))
        writer.writerow(row)
    return out.getvalue()


def to_json(budget: Budget) -> str:
    """Return the budget, its projects and its anonymous ballots as JSON."""
    data = anonymous_ballots(budget)
    published = _published(budget)
    document = {
        "budget": {
            "title_sv": budget.title_sv,
            "title_en": budget.title_en,
            "amount": budget.amount,
            "ballot_rule": budget.ballot_rule,
            "vote_type": vote_type(budget),
            "outcome_rule": published.rule if published else budget.outcome_rule,
            "winners": published.winners if published else [],
        },
        "projects": [
            {"id": p["pk"], "title_sv": p["title_sv"], "title_en": p["title_en"], "cost": p["cost"]}
            for p in data.projects
        ],
        "ballots": [
            {"voter_id": number, "projects": [{"id": pid, "points": pts} for pid, pts in ballot]}
            for number, ballot in enumerate(data.ballots, start=1)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


# --- simulation --------------------------------------------------------------------


@dataclass
class Simulation:
    meta: dict[str, str]
    rows: list[dict[str, Any]]
    voters: int
    budget: Any
    greedy_cost: Any
    equal_shares_cost: Any


def simulate(upload: UploadedFile, *, completion: str = "add1") -> Simulation:
    """Run both rules on an uploaded `.pb` election and return them side by side; nothing
    is stored."""
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise ValidationError(_("The file is larger than 50 MB."))
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text.")) from None
    if "\n" not in text:
        text += "\n"
    try:
        parsed = pabulib.read(text)
        election = election_from_pabulib(parsed)
        by_greedy = greedy(election)
        by_shares = equal_shares(election, completion=completion)
    except (pabulib.PabulibError, ElectionError, ValueError, KeyError) as error:
        raise ValidationError(
            _("The file cannot be read as a pabulib election: %(why)s") % {"why": error}
        ) from None
    votes = votes_per_project(election)
    chosen_g, chosen_s = set(by_greedy), set(by_shares)
    rows = [
        {
            "id": pid,
            "name": parsed.projects[pid].get("name", ""),
            "cost": cost,
            "votes": votes.get(pid, 0),
            "greedy": pid in chosen_g,
            "equal_shares": pid in chosen_s,
        }
        for pid, cost in sorted(election.projects.items(), key=lambda item: -votes.get(item[0], 0))
    ]
    return Simulation(
        meta=parsed.meta,
        rows=rows,
        voters=len(election.ballots),
        budget=election.budget,
        greedy_cost=election.cost(by_greedy),
        equal_shares_cost=election.cost(by_shares),
    )
