"""Write iCalendar (RFC 5545) text: escaped values, lines folded at 75 octets, CRLF.

Small enough to own (no iCalendar library is in requirements.lock): the portal only
publishes all-day events with a summary, a description and a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MAX_OCTETS = 75


@dataclass(frozen=True)
class IcalEvent:
    uid: str
    stamp: datetime
    starts: date
    ends: date  # inclusive; written as the exclusive DTEND the RFC wants
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545 3.1), never inside
    a UTF-8 character; continuation lines start with one space."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space counts
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(events: Iterable[IcalEvent], *, name: str, language: str) -> str:
    """Return a VCALENDAR with one all-day VEVENT per event."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Torget//Portal//{language.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(event.stamp)}",
            f"DTSTART;VALUE=DATE:{event.starts:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.ends + timedelta(days=1):%Y%m%d}",
            f"SUMMARY;LANGUAGE={language}:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION;LANGUAGE={language}:{escape_text(event.description)}")
        if event.url:
            # A URI value is not escaped, but a line break in it would end the line.
            lines.append("URL:" + event.url.replace("\r", "").replace("\n", ""))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
