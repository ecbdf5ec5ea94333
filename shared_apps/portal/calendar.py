"""The city calendar: meetings and process and phase dates of every tenant, by month,
and the same as an iCalendar feed. Read from the catalog only (one query per page)."""

from __future__ import annotations

import calendar as month_calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.translated import current_language
from shared_apps.portal.ical import IcalEvent, calendar_text
from shared_apps.portal.listing import with_tenant
from shared_apps.portal.models import CatalogEntry
from tenants.links import tenant_url

MONTH = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The feed: a month back (so a calendar app keeps what just happened) to half a year on.
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 31, 183


@dataclass(frozen=True)
class Event:
    uid: str
    starts: date
    ends: date
    label: str
    entry: CatalogEntry
    url: str


def events_between(request: HttpRequest, first: date, last: date) -> list[Event]:
    """Return the meetings and the process and phase dates from `first` to `last`."""
    span = (first, last)
    dated = (Q(starts__range=span) | Q(ends__range=span) | Q(phase_starts__range=span)) | Q(
        phase_ends__range=span
    )
    entries = with_tenant(CatalogEntry.objects.visible()).filter(
        Q(kind=CatalogEntry.Kind.MEETING, starts__lte=last)
        & (Q(ends__gte=first) | Q(ends__isnull=True, starts__gte=first))
        | Q(kind=CatalogEntry.Kind.PROCESS) & dated
    )
    events = []
    for entry in entries:
        url = tenant_url(request, entry.tenant, entry.path)
        title = str(entry.title)
        uid = f"{entry.pk}-{{}}@{settings.PLATFORM_DOMAIN}"
        if entry.kind == CatalogEntry.Kind.MEETING:
            assert entry.starts is not None
            ends = entry.ends or entry.starts
            events.append(Event(uid.format("meeting"), entry.starts, ends, title, entry, url))
            continue
        phase = str(entry.phase)
        marks = [
            ("starts", entry.starts, _("%(title)s begins") % {"title": title}),
            ("ends", entry.ends, _("%(title)s ends") % {"title": title}),
            (
                "phase-starts",
                entry.phase_starts,
                _("Phase “%(phase)s” begins: %(title)s") % {"phase": phase, "title": title},
            ),
            (
                "phase-ends",
                entry.phase_ends,
                _("Phase “%(phase)s” ends: %(title)s") % {"phase": phase, "title": title},
            ),
        ]
        for what, day, label in marks:
            if day is not None and first <= day <= last:
                events.append(Event(uid.format(what), day, day, label, entry, url))
    events.sort(key=lambda event: (event.starts, event.label))
    return events


def _month(value: str, today: date) -> date | None:
    """Return the first day of the month `YYYY-MM` names (today's month for ""), or None."""
    if not value:
        return today.replace(day=1)
    match = MONTH.fullmatch(value)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def city_calendar(request: HttpRequest) -> HttpResponse:
    """Show one month of the city calendar as a list by day, with links to the months
    before and after; a malformed month answers 400 with a message."""
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    if first is None:
        return render(request, "portal/calendar.html", {"bad_month": True}, status=400)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    days: dict[date, list[Event]] = {}
    for event in events_between(request, first, last):
        # A meeting over several days is listed on each of its days in this month.
        day = max(event.starts, first)
        while day <= min(event.ends, last):
            days.setdefault(day, []).append(event)
            day += timedelta(days=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return render(
        request,
        "portal/calendar.html",
        {
            "month": first,
            "days": sorted(days.items()),
            "previous": previous if previous.year >= FIRST_YEAR else None,
            "following": following if following.year <= LAST_YEAR else None,
            "today": today,
        },
    )


def city_calendar_ics(request: HttpRequest) -> HttpResponse:
    """Return the city calendar as iCalendar (a month back to half a year ahead)."""
    today = timezone.localdate()
    events = events_between(
        request, today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)
    )
    text = calendar_text(
        (
            IcalEvent(
                uid=event.uid,
                stamp=event.entry.modified,
                starts=event.starts,
                ends=event.ends,
                summary=f"{event.label} ({event.entry.tenant.name})",
                description=str(event.entry.summary),
                url=event.url,
            )
            for event in events
        ),
        name=_("Torget – the city's calendar"),
        language=current_language(),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="torget.ics"'
    return response
