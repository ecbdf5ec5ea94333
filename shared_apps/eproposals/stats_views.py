"""The public statistics page of e-proposals on the portal (/e-proposals/statistics/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from shared_apps.eproposals import stats

# What each figure counts, in one sentence (shown next to it on the page).
EXPLAINED = {
    "submitted": (_("Sent in"), _("Every e-proposal sent in, also those not published.")),
    "published": (
        _("Published for support"),
        _("Checked against the rules and opened for support."),
    ),
    "over_threshold": (
        _("Reached the supports needed"),
        _("Got enough supports within the support period and went on for an answer."),
    ),
    "decided": (
        _("With a decision"),
        _("The responsible administration or company has made its decision."),
    ),
    "approved": (
        _("Approved or partly approved"),
        _("Decided, and the decision says yes to all or part of the e-proposal."),
    ),
    "carried_out": (
        _("Carried out so far"),
        _("What was decided has been done, according to the responsible body."),
    ),
    "closed": (
        _("Ended without enough support"),
        _("The support period ended before the e-proposal had the supports needed."),
    ),
    "open": (_("Open for support now"), _("Residents can support these today.")),
    "awaiting": (
        _("Awaiting an answer"),
        _("Over the threshold, not yet decided: sent on, received or under investigation."),
    ),
    "overdue": (
        _("Answer overdue now"),
        _("Awaiting an answer after the day the answer was due."),
    ),
}


def _year(request: HttpRequest, available: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in available else None


def statistics(request: HttpRequest) -> HttpResponse:
    """The city's figures and one row per administration; `?year=2025` for the
    e-proposals submitted that year (an unknown year shows every year)."""
    years = stats.years()
    year = _year(request, years)
    city = stats.city_figures(year=year)
    figures = [
        (name, city.figures[name], *EXPLAINED[name]) for name in stats.FIGURES if name in EXPLAINED
    ]
    return render(
        request,
        "eproposals/statistics.html",
        {
            "years": years,
            "year": year,
            "city": city,
            "figures": figures,
            "tenants": stats.per_tenant(year=year),
        },
    )
