"""Every meetings URL answers 404 on another tenant's host, for unpublished spaces and
meetings, and for a meeting under another component; residents get 404 on staff pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.meetings.models import Registration
from tenant_apps.meetings.registering import register
from tests.conftest import host_of, sign_in
from tests.meetings.factories import make_meeting, make_meetings_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db

SUFFIXES = ["", "new/", "{m}/", "{m}/register/", "{m}/cancel/", "{m}/registration/",
            "{m}/meeting.ics"]  # fmt: skip
STAFF = ["", "new/", "{m}/", "{m}/agenda/", "{m}/registrations/", "{m}/registrations.csv",
         "{m}/check-in/", "{m}/report/"]  # fmt: skip


def urls(component, meeting, suffixes=SUFFIXES, base=None) -> list[str]:
    base = base or component.get_absolute_url()
    return [base + suffix.format(m=meeting.pk) for suffix in suffixes]


def clients(*users) -> list[Client]:
    made = [Client()]
    for user in users:
        client = Client()
        sign_in(client, user)
        made.append(client)
    return made


def test_tenant_as_meetings_are_404_on_tenant_bs_host(tenant_a, tenant_b, alice, charlie):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        meeting = make_meeting(component)
        register(alice, meeting)
    staff = urls(component, meeting, STAFF, component.get_content_manage_url())
    for index, client in enumerate(clients(alice, charlie)):
        # Anonymous visitors are sent to sign in first on /manage/ (like every staff page).
        for url in urls(component, meeting) + (staff if index else []):
            for method in (client.get, client.post):
                response = method(url, HTTP_HOST=host_of(tenant_b))
                assert response.status_code == 404, (url, method)
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.count() == 1


def test_unpublished_spaces_and_meetings_are_404_for_residents(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        hidden_space = make_meetings_component(make_process("utkast", published=False))
        in_hidden_space = make_meeting(hidden_space)
        component = make_meetings_component()
        draft = make_meeting(component, "Utkast", published=False)
    for client in clients(alice):
        for url in urls(hidden_space, in_hidden_space) + urls(component, draft)[2:]:
            for method in (client.get, client.post):
                assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.count() == 0


def test_a_meeting_of_another_component_is_404(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        first = make_meetings_component(process)
        second = make_meetings_component(process)
        meeting = make_meeting(first)
    resident, admin = clients(alice, bob)[1:]
    for suffix in SUFFIXES[2:]:
        url = second.get_absolute_url() + suffix.format(m=meeting.pk)
        assert resident.post(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
    for suffix in STAFF[2:]:
        url = second.get_content_manage_url() + suffix.format(m=meeting.pk)
        assert admin.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_residents_get_404_on_every_staff_page(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        meeting = make_meeting(component)
    client = clients(alice)[1]
    for url in urls(component, meeting, STAFF, component.get_content_manage_url()):
        for method in (client.get, client.post):
            assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_another_residents_registration_page_is_404(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        from tests.conftest import make_user

        other = make_user("olle@example.org", "Olle")
        meeting = make_meeting(make_meetings_component())
        register(other, meeting)
    client = clients(alice)[1]
    for suffix in ("registration/", "cancel/"):
        url = f"{meeting.get_absolute_url()}{suffix}"
        assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404
        assert client.post(url, HTTP_HOST=host_of(tenant_a)).status_code == 404
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.get().status == "registered"
