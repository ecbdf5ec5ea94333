"""The inbox page, opening an entry, marking read, the header count and the settings page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from shared_apps.notifications.actions import follow
from shared_apps.notifications.models import Follow, Notification, NotificationSettings
from tests.conftest import host_of, make_user, sign_in
from tests.notifications.factories import make_notification

pytestmark = pytest.mark.django_db


def _client(user, host="localhost"):
    client = Client(HTTP_HOST=host)
    sign_in(client, user)
    client.cookies["django_language"] = "en"
    return client


def test_it_lists_entries_of_every_tenant_with_a_flat_query_budget(
    tenant_a, tenant_b, alice, django_assert_max_num_queries
):
    client = _client(alice)
    make_notification(alice, tenant_a, title_en="Old news")
    make_notification(alice, tenant_b, title_en="Park bench")
    with django_assert_max_num_queries(10):
        response = client.get("/notifications/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Park bench" in body and "Administration beta" in body and "Administration alfa" in body
    assert "2 unread" in body
    for number in range(30):
        make_notification(alice, tenant_a if number % 2 else tenant_b)
    with django_assert_max_num_queries(10):
        assert client.get("/notifications/?page=2").status_code == 200


def test_it_serves_the_inbox_on_tenant_hosts_too(tenant_a, alice):
    make_notification(alice, tenant_a, title_en="The park")
    response = _client(alice, host_of(tenant_a)).get("/notifications/")
    assert response.status_code == 200 and b"The park" in response.content


def test_it_shows_nobody_else_s_entries(tenant_a, alice):
    other = make_user("dora@example.org", "Dora")
    entry = make_notification(other, tenant_a, title_en="Private")
    client = _client(alice)
    assert b"Private" not in client.get("/notifications/").content
    assert client.get(f"/notifications/{entry.pk}/").status_code == 404
    Notification.objects.filter(pk=entry.pk, read_at__isnull=True).get()


def test_it_marks_an_entry_read_and_redirects_to_its_tenant_host(tenant_a, alice):
    entry = make_notification(alice, tenant_a, path="/processes/parken/")
    response = _client(alice).post(f"/notifications/{entry.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "http://alfa.localhost/processes/parken/"
    entry.refresh_from_db()
    assert entry.read_at is not None


def test_it_never_redirects_off_our_hosts(tenant_a, alice):
    entry = make_notification(alice, tenant_a, path="//evil.example/x")
    response = _client(alice).get(f"/notifications/{entry.pk}/")
    assert response["Location"].startswith("http://alfa.localhost/")


def test_it_marks_all_read(tenant_a, alice):
    make_notification(alice, tenant_a)
    make_notification(alice, None)
    client = _client(alice)
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    assert b"unread" not in client.get("/notifications/").content


def test_it_asks_visitors_to_sign_in(portal):
    client = Client(HTTP_HOST="localhost")
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_saves_the_email_choice_and_lists_follows(tenant_a, alice):
    follow(
        alice,
        "process:1",
        title_sv="Parken",
        title_en="The park",
        path="/processes/parken/",
        tenant=tenant_a,
    )
    client = _client(alice)
    page = client.get("/notifications/settings/").content.decode()
    assert re.search(r'value="daily"[^>]*checked', page)
    assert "The park" in page
    assert client.post("/notifications/settings/", {"email": "weekly"}).status_code == 302
    assert NotificationSettings.objects.get(user=alice).email == "weekly"
    assert client.post("/notifications/settings/", {"email": "hourly"}).status_code == 200


def test_it_removes_a_follow_from_the_settings_page_but_not_someone_else_s(tenant_a, alice):
    mine = follow(alice, "process:1", title_sv="Parken", path="/p/", tenant=tenant_a)
    other = follow(
        make_user("dora@example.org", "Dora"),
        "process:1",
        title_sv="Parken",
        path="/p/",
        tenant=tenant_a,
    )
    client = _client(alice)
    assert client.post(f"/notifications/settings/follows/{other.pk}/remove/").status_code == 404
    assert client.post(f"/notifications/settings/follows/{mine.pk}/remove/").status_code == 302
    assert list(Follow.objects.values_list("pk", flat=True)) == [other.pk]


def test_it_counts_unread_in_the_header_with_one_query(tenant_a, alice):
    from django.test.client import RequestFactory

    from shared_apps.notifications.context_processors import inbox

    make_notification(alice, tenant_a)
    request = RequestFactory().get("/")
    request.user = alice
    context = inbox(request)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert context["unread_notifications"]() == 1
        assert context["unread_notifications"]() == 1
    assert len(queries) == 1


def test_it_costs_no_query_for_the_count_of_a_visitor(portal):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.client import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from shared_apps.notifications.context_processors import inbox

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        assert inbox(request)["unread_notifications"]() == 0
    assert len(queries) == 0
