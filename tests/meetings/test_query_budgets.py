"""Query budgets: the meeting list, the staff's meeting list, the registrations list and
its CSV cost the same for 1 row as for 200 (compare tests/spaces/test_query_budgets.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenant_apps.meetings.models import Meeting, Registration
from tests.conftest import host_of, sign_in, tenant_for_module
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = pytest.mark.django_db

LIST_CEILING = 16
MANAGE_CEILING = 16
REGISTRATIONS_CEILING = 16
CSV_CEILING = 14


@pytest.fixture(scope="module")
def tenant_a(django_db_setup, django_db_blocker):
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def count_queries(client: Client, url: str, host: str) -> int:
    """Return the queries of a GET of `url`, after one warm-up request (the first request
    of a session reads things later ones find cached)."""
    client.get(url, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return len(captured)


def add_meetings(component, count: int) -> None:
    starts = timezone.now() + timedelta(days=2)
    Meeting.objects.bulk_create(
        [
            Meeting(
                component=component, title_sv=f"Möte {n}", place="Salen", published=True,
                starts=starts + timedelta(hours=n), ends=starts + timedelta(hours=n + 1),
                capacity=10,
            )
            for n in range(count)
        ]
    )  # fmt: skip


def add_registrations(meeting, count: int, prefix: str) -> None:
    users = User.objects.bulk_create(
        [User(email=f"{prefix}{n}@example.org", display_name=f"P {n}") for n in range(count)]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                meeting=meeting, user=user, code=f"{prefix[:2].upper()}{n:06d}",
                status="waitlisted" if n % 2 else "registered",
                position=n if n % 2 else None,
            )
            for n, user in enumerate(users)
        ]
    )  # fmt: skip


def test_the_public_and_staff_meeting_lists_cost_the_same_for_1_and_200(
    tenant_a, alice, bob, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        first = make_meeting(component)
        add_registrations(first, 3, "aa")
    host = host_of(tenant_a)
    resident, staff = Client(), Client()
    sign_in(resident, alice)
    sign_in(staff, bob)
    pages = [
        (resident, component.get_absolute_url() + "", LIST_CEILING),
        (staff, component.get_content_manage_url(), MANAGE_CEILING),
    ]
    before = [count_queries(client, url, host) for client, url, _ceiling in pages]
    with schema_context(tenant_a.schema_name):
        add_meetings(component, 199)
        for meeting in Meeting.objects.filter(component=component)[:20]:
            Registration.objects.create(
                meeting=meeting, user=alice, status="registered", code=f"AL{meeting.pk:06d}"
            )
    after = [count_queries(client, url, host) for client, url, _ceiling in pages]
    assert before == after
    print("query counts", after)
    for (client, url, ceiling), counted in zip(pages, after, strict=True):
        with django_assert_max_num_queries(ceiling):
            client.get(url, HTTP_HOST=host)
        assert counted <= ceiling


def test_the_registrations_list_and_csv_cost_the_same_for_1_and_200(
    tenant_a, bob, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=500)
        add_registrations(meeting, 1, "bb")
    host = host_of(tenant_a)
    staff = Client()
    sign_in(staff, bob)
    manage = f"{meeting.component.get_content_manage_url()}{meeting.pk}/"
    pages = [
        (f"{manage}registrations/", REGISTRATIONS_CEILING),
        (f"{manage}registrations.csv", CSV_CEILING),
    ]
    before = [count_queries(staff, url, host) for url, _ceiling in pages]
    with schema_context(tenant_a.schema_name):
        add_registrations(meeting, 199, "cc")
    after = [count_queries(staff, url, host) for url, _ceiling in pages]
    assert before == after
    for (url, ceiling), counted in zip(pages, after, strict=True):
        assert counted <= ceiling, (url, counted)
    print("query counts", after)
