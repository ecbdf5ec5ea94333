"""Submitted ballots in residents' participation index (shared_apps.participation).

The index says that a resident voted in a budget and when, never what they chose. The
write sits on the hot path of a vote, so it is one INSERT … ON CONFLICT, with the budget's
title and path from objects the submission has already loaded.
"""

from __future__ import annotations

from collections.abc import Iterator

from shared_apps.participation import actions
from shared_apps.participation.kinds import Kind, Row, registry
from tenant_apps.budgets.models import Ballot, Budget


def _key(budget: Budget) -> str:
    return f"budget:{budget.pk}"


def ballot_submitted(ballot: Ballot, budget: Budget) -> None:
    """Note that the ballot's resident voted in the budget; call inside the submission."""
    actions.record(
        ballot.user_id,
        "ballot",
        _key(budget),
        title_sv=budget.title_sv,
        title_en=budget.title_en,
        path=budget.get_absolute_url(),
        when=ballot.submitted_at,
    )


def ballot_reopened(ballot: Ballot, budget: Budget) -> None:
    """A reopened ballot is a draft again: it counts once it is submitted again."""
    actions.forget(ballot.user_id, "ballot", _key(budget))


def _rows() -> Iterator[Row]:
    ballots = Ballot.objects.filter(
        status=Ballot.Status.SUBMITTED, user__isnull=False
    ).select_related("budget__component__process", "budget__component__assembly")
    for ballot in ballots.iterator(chunk_size=2000):
        assert ballot.user_id is not None and ballot.submitted_at is not None
        yield Row(
            user_id=ballot.user_id,
            key=_key(ballot.budget),
            title_sv=ballot.budget.title_sv,
            title_en=ballot.budget.title_en,
            path=ballot.budget.get_absolute_url(),
            created=ballot.submitted_at,
        )


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(Kind("ballot", _("Your votes"), position=30, rows=_rows))
