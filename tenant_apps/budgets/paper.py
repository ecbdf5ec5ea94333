"""Paper and assisted ballots, entered by staff one by one or imported from a CSV file.

The same rules as online (`ballot_rules.problems(final=True)`) decide whether a ballot is
valid. A personal number, when given, becomes the same keyed hash a verified online voter
has (`voters.voter_key_for_personal_number`), so the database constraint
`one_submitted_ballot_per_person` catches a person who voted twice, online or on paper.
The number itself is never stored, and the action log records that a ballot was entered,
by whom and through which channel, never the person or the choices.

A CSV import is all or nothing: every row is checked first and a list of the bad rows is
returned; only a file without errors is imported, in one transaction.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.budgets import ballot_rules
from tenant_apps.budgets.admin_actions import freeze, lock_budget
from tenant_apps.budgets.ballot_rules import Choice
from tenant_apps.budgets.models import Ballot, BallotChoice, Budget, Project
from tenant_apps.budgets.voters import voter_key_for_personal_number
from tenant_apps.spaces.permissions import require

STAFF_CHANNELS = (Ballot.Channel.PAPER, Ballot.Channel.ASSISTED)
MAX_IMPORT_ROWS = 20000


def already_voted_message() -> str:
    return _(
        "This person has already voted in this budget (online with a verified identity or "
        "on paper). The ballot was not entered."
    )


@dataclass
class PaperBallot:
    """One ballot as read from a form or a CSV row, before it is stored."""

    choices: list[Choice]
    voter_key: str = ""
    area_slug: str = ""


@dataclass
class ImportReport:
    """The outcome of checking a CSV file: rows with errors, or the ballots to import."""

    ballots: list[PaperBallot] = field(default_factory=list)
    errors: list[tuple[int, list[str]]] = field(default_factory=list)


def _voter_key(personal_number: str) -> str:
    if not personal_number.strip():
        return ""
    try:
        return voter_key_for_personal_number(personal_number.strip())
    except ValueError as error:
        raise ValidationError(str(error)) from None


def _store(budget: Budget, ballot: PaperBallot, *, by: Any, channel: str) -> Ballot:
    now = timezone.now()
    stored = Ballot.objects.create(
        budget=budget,
        user=None,
        voter_key=ballot.voter_key,
        status=Ballot.Status.SUBMITTED,
        channel=channel,
        area_slug=ballot.area_slug,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
        created=now,
        submitted_at=now,
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=stored, project_id=c.project_id, points=c.points, rank=c.rank)
        for c in ballot.choices
    )
    return stored


def _check_channel(channel: str) -> None:
    if channel not in STAFF_CHANNELS:
        raise ValidationError({"channel": [_("Choose paper or assisted.")]})


def enter_paper_ballot(
    by: Any,
    budget: Budget,
    choices: Sequence[Choice],
    *,
    personal_number: str = "",
    channel: str = Ballot.Channel.PAPER,
    area_slug: str = "",
) -> Ballot:
    """Store one submitted paper or assisted ballot after checking it like an online one."""
    require(by, "budgets.enter_ballots", budget.component)
    _check_channel(channel)
    key = _voter_key(personal_number)
    with transaction.atomic():
        budget = lock_budget(budget)
        costs = dict(budget.projects.values_list("pk", "cost"))
        if any(c.project_id not in costs for c in choices):
            raise ValidationError(_("A chosen project is not in this budget."))
        checked = [Choice(c.project_id, costs[c.project_id], c.points, c.rank) for c in choices]
        found = ballot_rules.problems(budget, checked, final=True)
        if found:
            raise ValidationError(found)
        try:
            with transaction.atomic():
                stored = _store(
                    budget, PaperBallot(checked, key, area_slug), by=by, channel=channel
                )
        except IntegrityError:
            raise ValidationError(already_voted_message(), code="already_voted") from None
        freeze(budget)
        log_action(
            by,
            "budgets.paper_ballot_entered",
            target=budget.component.space.slug,
            budget=budget.pk,
            channel=channel,
            with_identity=bool(key),
        )
    return stored


def void_paper_ballot(by: Any, budget: Budget, public_id: Any, reason: str) -> Ballot:
    """Void a paper or assisted ballot entered by mistake, with a reason that the log
    keeps. The ballot stays (counted nowhere), so the person may be entered again; once
    an outcome is published nothing is voided, because the published figures would no
    longer match the ballots."""
    require(by, "budgets.enter_ballots", budget.component)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the ballot is voided.")]})
    with transaction.atomic():
        budget = lock_budget(budget)
        number = _uuid_or_none(public_id)
        ballot = (
            Ballot.objects.select_for_update().filter(budget=budget, public_id=number).first()
            if number is not None
            else None
        )
        if ballot is None or ballot.channel not in STAFF_CHANNELS:
            raise ValidationError(_("There is no paper or assisted ballot with that number."))
        if ballot.status == Ballot.Status.VOIDED:
            raise ValidationError(_("This ballot is already voided."))
        if budget.outcomes.filter(published_at__isnull=False).exists():
            raise ValidationError(
                _("The results are published, so ballots can no longer be voided.")
            )
        ballot.status = Ballot.Status.VOIDED
        ballot.voided_at = timezone.now()
        ballot.voided_by = by
        ballot.void_reason = reason
        ballot.save(update_fields=["status", "voided_at", "voided_by", "void_reason", "modified"])
        log_action(
            by,
            "budgets.paper_ballot_voided",
            target=budget.component.space.slug,
            budget=budget.pk,
            ballot=str(ballot.public_id),
            reason=reason,
        )
    return ballot


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _parse_projects(text: str, budget: Budget, costs: dict[int, int]) -> list[Choice]:
    """Read "12;15;18" (approval, in rank order when ranked) or "12:3;15:2" (points)."""
    choices: list[Choice] = []
    ranked = budget.ballot_rule == Budget.BallotRule.RANKED
    parts = [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
    for rank, part in enumerate(parts, start=1):
        number, _sep, points = part.partition(":")
        if not number.strip().isdigit() or (points and not points.strip().isdigit()):
            raise ValidationError(_("“%(part)s” is not a project id.") % {"part": part})
        project_id = int(number)
        if project_id not in costs:
            raise ValidationError(_("Project %(id)s is not in this budget.") % {"id": project_id})
        choices.append(
            Choice(
                project_id,
                costs[project_id],
                int(points) if points else 1,
                rank if ranked else None,
            )
        )
    return choices


def check_csv(budget: Budget, text: str) -> ImportReport:
    """Check every row of a CSV file (columns personal_number, projects; optional area)."""
    report = ImportReport()
    costs = dict(Project.objects.filter(budget=budget).values_list("pk", "cost"))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    if "projects" not in columns:
        report.errors.append((1, [_("The first row must name the columns, with “projects”.")]))
        return report
    seen: dict[str, int] = {}
    rows: list[tuple[int, str]] = []
    for number, raw in enumerate(reader, start=2):
        if number > MAX_IMPORT_ROWS + 1:
            report.errors.append((number, [_("Import at most 20 000 ballots at a time.")]))
            break
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        problems: list[str] = []
        key = ""
        try:
            key = _voter_key(row.get("personal_number", ""))
        except ValidationError as error:
            problems.extend(error.messages)
        if key and key in seen:
            problems.append(_("The same person is already on row %(row)s.") % {"row": seen[key]})
        elif key:
            seen[key] = number
            rows.append((number, key))
        choices: list[Choice] = []
        try:
            choices = _parse_projects(row.get("projects", ""), budget, costs)
        except ValidationError as error:
            problems.extend(error.messages)
        else:
            problems.extend(ballot_rules.problems(budget, choices, final=True))
        if problems:
            report.errors.append((number, problems))
        else:
            report.ballots.append(PaperBallot(choices, key, row.get("area", "")[:60]))
    if rows:
        voted = set(
            Ballot.objects.filter(
                budget=budget,
                status=Ballot.Status.SUBMITTED,
                voter_key__in=[key for _n, key in rows],
            ).values_list("voter_key", flat=True)
        )
        for number, key in rows:
            if key in voted:
                report.errors.append((number, [already_voted_message()]))
    report.errors.sort(key=lambda item: item[0])
    return report


def import_paper_ballots(
    by: Any, budget: Budget, text: str, *, channel: str = Ballot.Channel.PAPER
) -> ImportReport:
    """Import every ballot of the file, or none: returns the report, whose `errors` list
    the bad rows when nothing was imported."""
    require(by, "budgets.enter_ballots", budget.component)
    _check_channel(channel)
    with transaction.atomic():
        budget = lock_budget(budget)
        report = check_csv(budget, text)
        if report.errors:
            return report
        if not report.ballots:
            report.errors.append((1, [_("The file has no ballots.")]))
            return report
        try:
            with transaction.atomic():
                for ballot in report.ballots:
                    _store(budget, ballot, by=by, channel=channel)
        except IntegrityError:
            # Someone voted while the file was checked: nothing of it is kept.
            report.errors.append((1, [already_voted_message()]))
            return report
        freeze(budget)
        log_action(
            by,
            "budgets.paper_ballots_imported",
            target=budget.component.space.slug,
            budget=budget.pk,
            channel=channel,
            count=len(report.ballots),
        )
    return report
