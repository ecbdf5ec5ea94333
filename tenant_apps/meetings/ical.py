"""iCalendar (RFC 5545) for meetings: one file per meeting and a feed per tenant.

Escaping and line folding come from the portal's writer (shared_apps/portal/ical.py);
meetings need timed events with a place, which its all-day events do not have. Times
are written in UTC (`…Z`), which every calendar converts to the reader's zone.

Never written here: the online link (only registered participants see it, on the page),
participants, entry codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from config.usertext import plain_excerpt
from shared_apps.portal.ical import escape_text, fold
from tenant_apps.meetings.models import Meeting
from tenants.models import current_tenant


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(meeting: Meeting) -> str:
    """Return the meeting's UID: the same in every download and feed, unique city-wide."""
    tenant = current_tenant()
    schema = tenant.schema_name if tenant is not None else "tenant"
    return f"meeting-{meeting.pk}-{schema}@{settings.PLATFORM_DOMAIN}"


def _description(meeting: Meeting) -> str:
    parts = []
    description = meeting.description.text
    if description:
        parts.append(plain_excerpt(description, 1000))
    if meeting.accessibility.text:
        parts.append(_("Accessibility: %(notes)s") % {"notes": meeting.accessibility.text})
    if meeting.is_online:
        parts.append(
            _(
                "Online: registered participants find the link on the meeting's page "
                "shortly before the start."
            )
        )
    return "\n\n".join(parts)


def event_lines(meeting: Meeting, request: HttpRequest, language: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{_utc(meeting.modified)}",
        f"DTSTART:{_utc(meeting.starts)}",
        f"DTEND:{_utc(meeting.ends)}",
        f"SUMMARY;LANGUAGE={language}:{escape_text(meeting.title.text)}",
    ]
    description = _description(meeting)
    if description:
        lines.append(f"DESCRIPTION;LANGUAGE={language}:{escape_text(description)}")
    if meeting.is_in_person and meeting.location_text():
        lines.append(f"LOCATION:{escape_text(meeting.location_text())}")
    if meeting.has_place:
        lines.append(f"GEO:{meeting.latitude};{meeting.longitude}")
    url = request.build_absolute_uri(meeting.get_absolute_url())
    # A URI value is not escaped, but a line break in it would end the line.
    lines.append("URL:" + url.replace("\r", "").replace("\n", ""))
    lines.append("STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar_text(
    meetings: Iterable[Meeting], request: HttpRequest, *, name: str, language: str
) -> str:
    """Return a VCALENDAR with one timed VEVENT per meeting, folded, CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Torget//Meetings//{language.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines += event_lines(meeting, request, language)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
