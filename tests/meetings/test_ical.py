"""The iCal file of a meeting and the tenant's feed: escaping, folding, a stable UID,
UTC times, place and position, and never the online link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import host_of, tenant_for_module
from tests.meetings.factories import make_meeting, make_meetings_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup, django_db_blocker):
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def unfold(text: str) -> list[str]:
    """Return the content lines (RFC 5545 3.1: CRLF + space continues a line)."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_a_meetings_ics_escapes_folds_and_keeps_its_uid(tenant_a):
    starts = datetime(2030, 5, 20, 16, 0, tzinfo=UTC)
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(
            make_meetings_component(), "Möte; om parker, träd och bänkar",
            starts=starts, kind="hybrid", online_url="https://meet.example/hemlig",
            place="Stora salen", address="Götaplatsen 3, Göteborg",
            latitude="57.697000", longitude="11.979800",
            description_sv="Rad ett\nRad två med en lång text " + "å" * 80,
        )  # fmt: skip
    client = Client()
    url = f"{meeting.get_absolute_url()}meeting.ics"
    response = client.get(url, HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    assert fields["DTSTART"] == "20300520T160000Z"
    assert fields["DTEND"] == "20300520T180000Z"
    assert fields["SUMMARY;LANGUAGE=sv"] == "Möte\\; om parker\\, träd och bänkar"
    assert fields["LOCATION"] == "Stora salen\\, Götaplatsen 3\\, Göteborg"
    assert fields["GEO"] == "57.697000;11.979800"
    assert fields["URL"] == f"http://{host_of(tenant_a)}{meeting.get_absolute_url()}"
    # Paragraphs are separated by escaped newlines (\n), never raw line breaks.
    assert fields["DESCRIPTION;LANGUAGE=sv"].startswith("Rad ett Rad två")
    assert "å\\n\\n" in fields["DESCRIPTION;LANGUAGE=sv"]
    assert "meet.example" not in raw
    again = unfold(client.get(url, HTTP_HOST=host_of(tenant_a)).content.decode())
    uid = fields["UID"]
    assert uid == f"meeting-{meeting.pk}-{tenant_a.schema_name}@localhost"
    assert f"UID:{uid}" in again


def test_the_tenant_feed_lists_published_meetings_of_published_spaces(tenant_a):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        soon = make_meeting(component, "Snart")
        make_meeting(component, "Opublicerat", published=False)
        make_meeting(component, "Länge sedan", starts=timezone.now() - timedelta(days=90))
        hidden = make_meetings_component(make_process("utkast", published=False))
        make_meeting(hidden, "I ett utkast")
    response = Client().get("/meetings.ics", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    summaries = [line for line in unfold(response.content.decode()) if line.startswith("SUMMARY")]
    assert summaries == ["SUMMARY;LANGUAGE=sv:Snart"]
    assert f"meeting-{soon.pk}-" in response.content.decode()


def test_an_unpublished_meetings_ics_is_404(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), published=False)
    url = f"{meeting.get_absolute_url()}meeting.ics"
    assert Client().get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404
