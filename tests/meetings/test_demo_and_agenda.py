"""The demo meetings seed_demo can add, and the agenda page."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.meetings.demo import seed_tenant_meetings
from tenant_apps.meetings.models import AgendaItem, Meeting, Registration
from tests.conftest import host_of, make_user, sign_in, tenant_for_module
from tests.meetings.factories import make_meeting, make_meetings_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup, django_db_blocker):
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def test_the_demo_adds_three_meetings_once(tenant_a, bob):
    def account(email: str, name: str):
        return make_user(email, name)

    with schema_context(tenant_a.schema_name):
        make_process("demo")
        assert seed_tenant_meetings(bob, account) == 3
        assert seed_tenant_meetings(bob, account) == 0
        past = Meeting.objects.get(title_sv="Uppstartsmöte")
        assert past.is_closed and past.attendance_count == 23 and past.minutes
        upcoming = Meeting.objects.get(title_sv="Stormöte om parken")
        assert upcoming.agenda.count() == 3
        statuses = set(
            Registration.objects.filter(meeting=upcoming).values_list("status", flat=True)
        )
        assert statuses == {"registered", "waitlisted"}
        assert CatalogEntry.objects.filter(tenant=tenant_a, kind="meeting").count() == 2


def test_staff_write_the_agenda_in_order(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component())
        AgendaItem.objects.create(meeting=meeting, title_sv="Gammal punkt", position=0)
    client = Client()
    sign_in(client, bob)
    url = f"{meeting.component.get_content_manage_url()}{meeting.pk}/agenda/"
    host = host_of(tenant_a)
    assert client.get(url, HTTP_HOST=host).status_code == 200
    with schema_context(tenant_a.schema_name):
        old = AgendaItem.objects.get()
    data = {
        "agenda-TOTAL_FORMS": "3", "agenda-INITIAL_FORMS": "1", "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-id": str(old.pk), "agenda-0-title_sv": "Gammal punkt", "agenda-0-ORDER": "1",
        "agenda-0-DELETE": "on",
        "agenda-1-title_sv": "Andra", "agenda-1-time": "19:00", "agenda-1-ORDER": "3",
        "agenda-2-title_sv": "Första", "agenda-2-title_en": "First", "agenda-2-ORDER": "2",
    }  # fmt: skip
    assert client.post(url, data, HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        items = list(AgendaItem.objects.filter(meeting=meeting).values_list("title_sv", "position"))
    assert items == [("Första", 0), ("Andra", 1)]
