"""Tenant-aware infrastructure: cache keys, stored file names and media serving."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context

from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def test_cache_values_do_not_leak_between_tenants(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        cache.set("front-page", "alfa's page", 30)
    with schema_context(tenant_b.schema_name):
        assert cache.get("front-page") is None
        cache.set("front-page", "beta's page", 30)
    with schema_context(tenant_a.schema_name):
        assert cache.get("front-page") == "alfa's page"
    assert cache.get("front-page") is None  # nor into the portal


def test_uploaded_files_are_named_under_their_tenant(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        name_a = default_storage.save("uploads/plan.txt", ContentFile(b"alfa"))
    with schema_context(tenant_b.schema_name):
        name_b = default_storage.save("uploads/plan.txt", ContentFile(b"beta"))
    assert name_a == "t_alfa/uploads/plan.txt"
    assert name_b == "t_beta/uploads/plan.txt"
    default_storage.delete(name_a)
    default_storage.delete(name_b)


def test_a_tenant_host_serves_its_own_files_and_404s_another_tenants(client, tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        name = default_storage.save("uploads/budget.txt", ContentFile(b"secret of alfa"))
    try:
        own = client.get(f"/media/{name}", HTTP_HOST=host_of(tenant_a))
        assert own.status_code == 200
        assert b"".join(own.streaming_content) == b"secret of alfa"
        assert client.get(f"/media/{name}", HTTP_HOST=host_of(tenant_b)).status_code == 404
        assert client.get(f"/media/{name}", HTTP_HOST="localhost").status_code == 404
        assert client.get(f"/media/{name}", HTTP_HOST="okand.localhost").status_code == 404
    finally:
        default_storage.delete(name)


def test_dot_segments_cannot_reach_another_tenants_files(client, tenant_a, tenant_b):
    with schema_context(tenant_b.schema_name):
        name = default_storage.save("uploads/secret.txt", ContentFile(b"secret of beta"))
    try:
        for path in (f"public/../{name}", f"t_alfa/../{name}", f"t_alfa/./../../x/../{name}"):
            response = client.get(f"/media/{path}", HTTP_HOST=host_of(tenant_a))
            assert response.status_code == 404, path
        assert client.get("/media/../settings.py", HTTP_HOST=host_of(tenant_a)).status_code == 404
    finally:
        default_storage.delete(name)


def test_behind_nginx_the_file_is_handed_over_after_the_check(client, tenant_a, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    own = client.get("/media/t_alfa/uploads/a%20plan.txt", HTTP_HOST=host_of(tenant_a))
    assert own.status_code == 200
    assert own["X-Accel-Redirect"] == "/_media/t_alfa/uploads/a%20plan.txt"
    # nginx picks the type from the file name; Django's text/html must not reach it.
    assert "Content-Type" not in own
    other = client.get("/media/t_beta/uploads/plan.txt", HTTP_HOST=host_of(tenant_a))
    assert other.status_code == 404
    assert "X-Accel-Redirect" not in other
