"""The resident's pages: register, see the code, cancel, propose a meeting; and the staff
pages: registrations with CSV, check-in by code, the report. Plain form posts, no
JavaScript."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.meetings.models import Meeting, Registration
from tenant_apps.meetings.registering import register
from tenant_apps.proposals.models import Proposal
from tests.conftest import host_of, make_user, sign_in, tenant_for_module
from tests.meetings.factories import make_meeting, make_meetings_component
from tests.proposals.factories import make_proposals_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup, django_db_blocker):
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def english(user=None) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    client.cookies["django_language"] = "en"
    return client


def test_a_resident_registers_sees_the_code_and_cancels(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=5)
    client, host = english(alice), host_of(tenant_a)
    page = meeting.get_absolute_url()
    assert "Register" in client.get(f"{page}register/", HTTP_HOST=host).content.decode()
    response = client.post(f"{page}register/", HTTP_HOST=host)
    assert response.status_code == 302 and response["Location"] == f"{page}registration/"
    with schema_context(tenant_a.schema_name):
        registration = Registration.objects.get(user=alice)
    mine = client.get(f"{page}registration/", HTTP_HOST=host).content.decode()
    assert registration.formatted_code in mine
    detail = client.get(page, HTTP_HOST=host).content.decode()
    assert "You are registered." in detail and "1 of 5 places taken" in detail
    assert "Cancel my registration" in client.get(f"{page}cancel/", HTTP_HOST=host).content.decode()
    assert client.post(f"{page}cancel/", HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.get(user=alice).status == "cancelled"
    assert client.get(f"{page}registration/", HTTP_HOST=host).status_code == 404


def test_a_visitor_is_asked_to_sign_in_and_nothing_is_written(tenant_a):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component())
    client, host = english(), host_of(tenant_a)
    page = meeting.get_absolute_url()
    assert "Sign in to take part" in client.get(page, HTTP_HOST=host).content.decode()
    assert client.post(f"{page}register/", HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.count() == 0


def test_the_list_filters_and_refuses_unknown_filters(tenant_a):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        make_meeting(component, "Framtida")
        make_meeting(component, "Passerat", starts=timezone.now() - timedelta(days=2))
        make_meeting(component, "På nätet", kind="online", online_url="https://m.example/")
    client, host, url = english(), host_of(tenant_a), component.get_absolute_url()
    upcoming = client.get(url, HTTP_HOST=host).content.decode()
    assert "Framtida" in upcoming and "Passerat" not in upcoming
    past = client.get(f"{url}?when=past", HTTP_HOST=host).content.decode()
    assert "Passerat" in past and "Framtida" not in past
    online = client.get(f"{url}?kind=online", HTTP_HOST=host).content.decode()
    assert "På nätet" in online and "Framtida" not in online
    bad = client.get(f"{url}?when=yesterday", HTTP_HOST=host)
    assert bad.status_code == 400 and "That filter does not exist" in bad.content.decode()


def test_a_resident_proposes_a_meeting_that_staff_publish(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        closed = make_meetings_component()
        component = make_meetings_component(meeting_proposals_enabled=True)
    client, host = english(alice), host_of(tenant_a)
    assert client.post(f"{closed.get_absolute_url()}new/", {}, HTTP_HOST=host).status_code == 400
    data = {
        "title_sv": "Grannträff på gården", "kind": "in_person", "place": "Gården",
        "starts": "2031-06-01T15:00", "ends": "2031-06-01T14:00",
    }  # fmt: skip
    refused = client.post(f"{component.get_absolute_url()}new/", data, HTTP_HOST=host)
    assert refused.status_code == 400
    assert "The meeting must end after it starts." in refused.content.decode()
    data["ends"] = "2031-06-01T17:00"
    sent = client.post(f"{component.get_absolute_url()}new/", data, HTTP_HOST=host)
    assert sent.status_code == 302
    with schema_context(tenant_a.schema_name):
        meeting = Meeting.objects.get(title_sv="Grannträff på gården")
        assert (meeting.published, meeting.organiser, meeting.organiser_user_id) == (
            False, "resident", alice.pk,
        )  # fmt: skip
    # Nobody sees it before staff publish it; staff see it in their list.
    page = f"{component.get_absolute_url()}{meeting.pk}/"
    assert client.get(page, HTTP_HOST=host).status_code == 404
    staff = english(bob)
    listing = staff.get(component.get_content_manage_url(), HTTP_HOST=host).content.decode()
    assert "Grannträff på gården" in listing and "Proposed by Alice" in listing


def test_staff_see_registrations_export_them_check_in_and_report(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        ideas = make_proposals_component()
        proposal = Proposal.objects.create(component=ideas, title="Fler bänkar", body="Vid ån.")
        meeting = make_meeting(make_meetings_component(), capacity=1)
        mine = register(alice, meeting)
        register(make_user("w@example.org", "=HYPERLINK(1)"), meeting)
    staff, host = english(bob), host_of(tenant_a)
    manage = f"{meeting.component.get_content_manage_url()}{meeting.pk}/"
    listing = staff.get(f"{manage}registrations/", HTTP_HOST=host).content.decode()
    assert "alice@example.org" in listing and "On the waiting list: 1" in listing
    exported = staff.get(f"{manage}registrations.csv", HTTP_HOST=host)
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:4] == ["code", "name", "email", "status"]
    assert [row[3] for row in rows[1:]] == ["registered", "waitlisted"]
    assert rows[2][1] == "'=HYPERLINK(1)"  # never run as a formula
    response = staff.post(f"{manage}check-in/", {"code": mine.code.lower()}, HTTP_HOST=host)
    assert response.status_code == 302
    again = staff.post(f"{manage}check-in/", {"code": mine.code}, HTTP_HOST=host)
    assert again.status_code == 400 and "already been used" in again.content.decode()
    early = staff.post(f"{manage}report/", {"minutes": "Protokoll"}, HTTP_HOST=host)
    assert early.status_code == 400
    with schema_context(tenant_a.schema_name):
        Meeting.objects.filter(pk=meeting.pk).update(
            starts=timezone.now() - timedelta(hours=3), ends=timezone.now() - timedelta(hours=1)
        )
    report = {
        "minutes": "Vi beslöt **bänkar**.", "attendance_count": "12",
        "closing_report": "Bra möte.", "linked_proposals": [str(proposal.pk)], "close": "on",
    }  # fmt: skip
    assert staff.post(f"{manage}report/", report, HTTP_HOST=host).status_code == 302
    page = english().get(meeting.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "<strong>bänkar</strong>" in page and "12 people took part." in page
    assert "Fler bänkar" in page and "Bra möte." in page
