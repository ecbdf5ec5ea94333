"""Meetings as data: validation (end before start: a clear message, nothing saved), the
online link's visibility, the portal catalog, search and the participation index."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from shared_apps.participation.models import Participation
from shared_apps.portal.models import CatalogEntry
from shared_apps.search.models import SearchDocument
from tenant_apps.actionlog.models import Action
from tenant_apps.meetings.actions import save_meeting
from tenant_apps.meetings.forms import MeetingForm
from tenant_apps.meetings.models import Meeting
from tenant_apps.meetings.registering import cancel_registration, register
from tests.conftest import host_of, sign_in, tenant_for_module
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup, django_db_blocker):
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


FORM = {
    "title_sv": "Stormöte",
    "kind": "in_person",
    "starts": "2030-03-14T18:00",
    "ends": "2030-03-14T17:00",
    "place": "Biblioteket",
    "organiser": "tenant",
    "takes_registrations": "on",
    "capacity": "30",
}


def test_a_meeting_ending_before_it_starts_gets_a_message_and_nothing_is_saved(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        form = MeetingForm(FORM)
        assert form.is_valid(), form.errors
        with pytest.raises(ValidationError) as refused:
            save_meeting(bob, component, form.cleaned_data)
        assert refused.value.message_dict == {"ends": ["The meeting must end after it starts."]}
        assert Meeting.objects.count() == 0
        assert not Action.objects.filter(verb__startswith="meetings.").exists()


def test_the_staff_page_shows_the_message_next_to_the_end(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
    client = Client()
    sign_in(client, bob)
    client.cookies["django_language"] = "en"
    url = f"{component.get_content_manage_url()}new/"
    response = client.post(url, FORM, HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 400
    assert "The meeting must end after it starts." in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Meeting.objects.count() == 0
    good = client.post(url, {**FORM, "ends": "2030-03-14T20:00"}, HTTP_HOST=host_of(tenant_a))
    assert good.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Meeting.objects.get().capacity == 30


def test_the_database_refuses_an_end_before_the_start(tenant_a):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        now = timezone.now()
        with pytest.raises(IntegrityError, match="meeting_ends_after_start"), transaction.atomic():
            Meeting.objects.create(component=component, title_sv="X", starts=now, ends=now)


def test_place_link_and_assembly_are_required_by_the_kind(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        starts = timezone.now() + timedelta(days=1)
        data = {"title_sv": "Möte", "starts": starts, "ends": starts + timedelta(hours=1)}
        with pytest.raises(ValidationError) as refused:
            save_meeting(bob, component, {**data, "kind": "hybrid", "organiser": "assembly"})
        assert set(refused.value.message_dict) == {"address", "online_url", "organiser_assembly"}


def test_the_online_link_shows_to_registered_people_shortly_before_until_the_end(
    tenant_a, alice, bob
):
    starts = timezone.now() + timedelta(days=2)
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component(settings={"online_link_minutes": 30})
        meeting = make_meeting(
            component, kind="online", place="", address="", starts=starts,
            online_url="https://meet.example/rum-42",
        )  # fmt: skip
        register(alice, meeting, answers=None)
        waiting = make_meeting(
            component, "Fullt", kind="hybrid", capacity=1, starts=starts,
            online_url="https://meet.example/fullt",
        )  # fmt: skip
        register(bob, waiting)
        register(alice, waiting)  # wait-listed
    link = "https://meet.example/rum-42"
    alice_client, visitor = Client(), Client()
    sign_in(alice_client, alice)
    host = host_of(tenant_a)
    page = meeting.get_absolute_url()

    def shows(client: Client, url: str, text: str) -> bool:
        return text in client.get(url, HTTP_HOST=host).content.decode()

    with time_machine.travel(starts - timedelta(minutes=31)):
        assert not shows(alice_client, page, link)
        assert not shows(alice_client, f"{page}registration/", link)
    with time_machine.travel(starts - timedelta(minutes=29)):
        assert shows(alice_client, page, link)
        assert shows(alice_client, f"{page}registration/", link)
        assert not shows(visitor, page, link)
        assert not shows(alice_client, f"{page}meeting.ics", link)
        # Wait-listed: no link.
        assert not shows(alice_client, waiting.get_absolute_url(), "meet.example/fullt")
    with time_machine.travel(meeting.ends + timedelta(minutes=1)):
        assert not shows(alice_client, page, link)


def test_catalog_search_and_participation_follow_the_meeting(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        starts = timezone.now() + timedelta(days=5)
        data = {
            "title_sv": "Dialog om Ringön", "title_en": "Dialogue on Ringön", "kind": "in_person",
            "place": "Ringöns bibliotek", "latitude": "57.7200", "longitude": "11.9500",
            "starts": starts, "ends": starts + timedelta(hours=2), "published": True,
            "description_sv": "Vi pratar om **hamnen**.",
        }  # fmt: skip
        meeting = save_meeting(bob, component, data)
        entry = CatalogEntry.objects.get(tenant=tenant_a, kind="meeting")
        assert entry.title_sv == "Dialog om Ringön"
        assert entry.starts == timezone.localdate(starts)
        assert (entry.latitude, entry.longitude) == (57.72, 11.95)
        assert entry.path == meeting.get_absolute_url()
        document = SearchDocument.objects.get(tenant=tenant_a, key=f"meeting:{meeting.pk}")
        assert document.kind == "meeting" and "hamnen" in document.body_sv

        registration = register(alice, meeting)
        row = Participation.objects.get(user=alice, kind="registration")
        assert row.key == f"meeting:{meeting.pk}" and row.path == meeting.get_absolute_url()
        cancel_registration(alice, registration)
        assert not Participation.objects.filter(user=alice, kind="registration").exists()

        save_meeting(bob, component, {**data, "published": False}, meeting)
        assert not CatalogEntry.objects.filter(tenant=tenant_a, kind="meeting").exists()
        assert not SearchDocument.objects.filter(key=f"meeting:{meeting.pk}").exists()


def test_a_past_meeting_leaves_the_catalog_but_stays_searchable(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        starts = timezone.now() - timedelta(days=3)
        data = {
            "title_sv": "Förra mötet", "kind": "in_person", "place": "Hallen",
            "starts": starts, "ends": starts + timedelta(hours=1), "published": True,
        }  # fmt: skip
        meeting = save_meeting(bob, component, data)
        assert not CatalogEntry.objects.filter(tenant=tenant_a, kind="meeting").exists()
        assert SearchDocument.objects.filter(key=f"meeting:{meeting.pk}").exists()
