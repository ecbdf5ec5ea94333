"""Participation figures of a budget for staff pages: drafts, submitted ballots, online
and paper, and participation by area, in a fixed number of queries (two, plus one for the
area names when any ballot names an area)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from shared_apps.vocabularies.models import Area
from tenant_apps.budgets.models import Ballot, Budget

SUBMITTED = Q(status=Ballot.Status.SUBMITTED)


def completion(budget: Budget) -> dict[str, Any]:
    """Return the budget's ballot figures.

    - drafts: online ballots started and not (or no longer) submitted;
    - submitted: submitted ballots of every channel; online / paper / assisted: by channel;
    - completion_rate: submitted online ballots over online ballots started (0.0–1.0), or
      None before any was started;
    - by_area: submitted ballots per voter area, most first, as {"slug", "name",
      "submitted"}; ballots without a known area come last under slug "".
    """
    totals = Ballot.objects.filter(budget=budget).aggregate(
        drafts=Count("pk", filter=Q(status=Ballot.Status.DRAFT)),
        submitted=Count("pk", filter=SUBMITTED),
        online=Count("pk", filter=SUBMITTED & Q(channel=Ballot.Channel.ONLINE)),
        paper=Count("pk", filter=SUBMITTED & Q(channel=Ballot.Channel.PAPER)),
        assisted=Count("pk", filter=SUBMITTED & Q(channel=Ballot.Channel.ASSISTED)),
        online_started=Count("pk", filter=Q(channel=Ballot.Channel.ONLINE)),
    )
    started = totals.pop("online_started")
    totals["completion_rate"] = totals["online"] / started if started else None
    rows = list(
        Ballot.objects.filter(SUBMITTED, budget=budget)
        .values("area_slug")
        .annotate(submitted=Count("pk"))
        .order_by("-submitted", "area_slug")
    )
    slugs = [row["area_slug"] for row in rows if row["area_slug"]]
    names = {area.slug: area.name for area in Area.objects.filter(slug__in=slugs)} if slugs else {}
    by_area = [
        {
            "slug": row["area_slug"],
            "name": names.get(row["area_slug"], row["area_slug"])
            if row["area_slug"]
            else _("Area not known"),
            "submitted": row["submitted"],
        }
        for row in rows
    ]
    by_area.sort(key=lambda row: (row["slug"] == "", -row["submitted"], row["slug"]))
    totals["by_area"] = by_area
    return totals
