"""The city calendar by month and its iCalendar feed (RFC 5545)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from shared_apps.portal.ical import IcalEvent, calendar_text, escape_text, fold
from tests.portal.factories import make_entry

pytestmark = pytest.mark.django_db


def _unfold(text: str) -> list[str]:
    """Parse content lines as RFC 5545 says: CRLF ends a line, CRLF + space continues."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _events(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in _unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


def test_the_month_lists_meetings_and_process_and_phase_dates_by_day(client, tenant_a):
    make_entry(
        tenant_a, "m", kind="meeting", title_sv="Dialogmöte", title_en="Dialogue",
        starts=date(2027, 3, 4), ends=date(2027, 3, 4),
    )  # fmt: skip
    make_entry(
        tenant_a, "p", title_sv="Parken", title_en="The park", starts=date(2027, 2, 1),
        ends=date(2027, 3, 20), phase_sv="Idéer", phase_en="Ideas",
        phase_starts=date(2027, 3, 10), phase_ends=date(2027, 4, 2),
    )  # fmt: skip
    make_entry(tenant_a, "elsewhere", kind="meeting", starts=date(2027, 5, 1))
    client.cookies["django_language"] = "en"
    response = client.get("/calendar/?month=2027-03", HTTP_HOST="localhost")
    assert response.status_code == 200
    days = {day: [event.label for event in events] for day, events in response.context["days"]}
    assert days == {
        date(2027, 3, 4): ["Dialogue"],
        date(2027, 3, 10): ["Phase “Ideas” begins: The park"],
        date(2027, 3, 20): ["The park ends"],
    }
    assert b"?month=2027-02" in response.content and b"?month=2027-04" in response.content


@pytest.mark.parametrize("month", ["2027-13", "27-03", "abc", "1899-01", "2027-3", "\x00"])
def test_a_malformed_month_is_a_400_with_a_message(client, portal, month):
    response = client.get("/calendar/", {"month": month}, HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.context["bad_month"]


def test_the_feed_is_valid_icalendar_with_escaped_text_and_folded_lines(client, tenant_a):
    today = timezone.localdate()
    make_entry(
        tenant_a,
        "m",
        kind="meeting",
        title_sv="Möte; om parken, och\ntorget \\ mer",
        summary_sv="Å" * 80,
        starts=today + timedelta(days=2),
        ends=today + timedelta(days=3),
    )
    response = client.get("/calendar.ics", HTTP_HOST="localhost")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    (event,) = _events(text)
    assert event["SUMMARY"] == "Möte\\; om parken\\, och\\ntorget \\\\ mer (Förvaltning alfa)"
    assert event["DESCRIPTION"] == "Å" * 80
    assert event["DTSTART"] == f"{today + timedelta(days=2):%Y%m%d}"
    assert event["DTEND"] == f"{today + timedelta(days=4):%Y%m%d}"  # exclusive
    assert event["URL"] == "http://alfa.localhost/processes/m/"
    assert event["UID"].endswith("@localhost") and event["DTSTAMP"].endswith("Z")


def test_folding_never_splits_a_character_and_escaping_follows_the_rfc():
    line = "DESCRIPTION:" + "ä€𝄞" * 40
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    assert escape_text("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    text = calendar_text(
        [
            IcalEvent(
                uid="1@x",
                stamp=datetime(2027, 1, 1, 12, tzinfo=timezone.get_current_timezone()),
                starts=date(2027, 1, 2),
                ends=date(2027, 1, 2),
                summary="S",
                url="http://x/\r\nINJECTED:1",
            )
        ],
        name="N",
        language="sv",
    )
    assert "INJECTED" not in [line.split(":")[0] for line in _unfold(text)]
