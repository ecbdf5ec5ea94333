"""Following a process or assembly: the actions and the POST /follow/ endpoint."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.notifications.actions import follow, following_keys, is_following, unfollow
from shared_apps.notifications.models import Follow
from tenant_apps.spaces.catalog import space_key
from tests.conftest import host_of, sign_in
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def test_it_follows_and_unfollows_idempotently(tenant_a, alice):
    for _ in range(2):
        follow(alice, "process:1", title_sv="Parken", path="/processes/parken/", tenant=tenant_a)
    assert Follow.objects.filter(user=alice).count() == 1
    assert is_following(alice, "process:1", tenant=tenant_a)
    assert following_keys(alice, ["process:1", "process:2"], tenant=tenant_a) == {"process:1"}
    for _ in range(2):
        unfollow(alice, "process:1", tenant=tenant_a)
    assert not is_following(alice, "process:1", tenant=tenant_a)


def test_it_lets_a_resident_follow_a_published_process(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
    client = Client(HTTP_HOST=host_of(tenant_a))
    sign_in(client, alice)

    response = client.post("/follow/", {"key": space_key(process), "next": "/processes/parken/"})

    assert response.status_code == 302 and response["Location"] == "/processes/parken/"
    record = Follow.objects.get(user=alice)
    assert (record.tenant, record.key, record.path) == (
        tenant_a,
        space_key(process),
        "/processes/parken/",
    )
    client.post("/follow/", {"key": space_key(process), "follow": "0"})
    assert not Follow.objects.filter(user=alice).exists()


def test_it_shows_the_follow_button_on_the_process_page(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
    client = Client(HTTP_HOST=host_of(tenant_a))
    sign_in(client, alice)
    client.cookies["django_language"] = "en"
    assert b"Follow</button>" in client.get("/processes/parken/").content
    follow(alice, space_key(process), title_sv="Parken", path="/processes/parken/", tenant=tenant_a)
    assert b"Stop following</button>" in client.get("/processes/parken/").content


def test_it_answers_404_for_an_unpublished_process_to_residents_but_not_staff(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("hemlig", published=False)
    resident = Client(HTTP_HOST=host_of(tenant_a))
    sign_in(resident, alice)
    assert resident.post("/follow/", {"key": space_key(process)}).status_code == 404
    staff = Client(HTTP_HOST=host_of(tenant_a))
    sign_in(staff, bob)
    assert staff.post("/follow/", {"key": space_key(process)}).status_code == 302


def test_it_answers_404_for_a_key_of_another_tenant(tenant_a, tenant_b, charlie):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=False)
    client = Client(HTTP_HOST=host_of(tenant_b))
    sign_in(client, charlie)
    # tenant B has no process with that id; its admin cannot reach tenant A's.
    assert client.post("/follow/", {"key": space_key(process)}).status_code == 404
    assert client.post("/follow/", {"key": "nonsense:1"}).status_code == 404
    assert not Follow.objects.exists()


def test_it_sends_visitors_to_sign_in(tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
    client = Client(HTTP_HOST=host_of(tenant_a))
    response = client.post("/follow/", {"key": space_key(process)})
    assert response.status_code == 302 and "handoff" in response["Location"]
    assert not Follow.objects.exists()
