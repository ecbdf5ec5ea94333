"""A process published in a tenant is on the portal at once; unpublishing it or
suspending or archiving the tenant (set_tenant_status) takes it off at once; resuming
brings it back with the same entry id."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from shared_apps.search.models import SearchDocument
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.actions import set_space_published
from tenants.actions import set_tenant_status
from tenants.models import Tenant
from tests.conftest import make_user
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(portal):
    return make_user("drift@torget.example", "Drift", is_staff=True)


def _portal_lists(client, text):
    home = client.get("/", HTTP_HOST="localhost").content.decode()
    listing = client.get("/processes/", HTTP_HOST="localhost").content.decode()
    return text in home and text in listing


def test_it_follows_publishing_and_the_tenants_status(client, tenant_a, bob, operator):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=False)
        set_space_published(process, True, by=bob)
    assert _portal_lists(client, "Process parken")
    assert CatalogEntry.objects.filter(tenant=tenant_a, kind="process").exists()

    with schema_context(tenant_a.schema_name):
        set_space_published(process, False, by=bob)
    assert not _portal_lists(client, "Process parken")
    with schema_context(tenant_a.schema_name):
        set_space_published(process, True, by=bob)
    assert _portal_lists(client, "Process parken")

    assert SearchDocument.objects.filter(tenant=tenant_a).exists()
    set_tenant_status(tenant_a, Tenant.Status.SUSPENDED, by=operator)
    assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()
    assert not SearchDocument.objects.filter(tenant=tenant_a).exists()
    assert not _portal_lists(client, "Process parken")

    set_tenant_status(tenant_a, Tenant.Status.READY, by=operator)
    assert _portal_lists(client, "Process parken")
    assert SearchDocument.objects.filter(tenant=tenant_a, kind="process").exists()

    set_tenant_status(tenant_a, Tenant.Status.ARCHIVED, by=operator)
    assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.ARCHIVED
    with schema_context(tenant_a.schema_name):
        verbs = list(
            Action.objects.filter(verb="tenant.status_changed")
            .order_by("pk")
            .values_list("data", flat=True)
        )
    assert [d["after"] for d in verbs] == ["suspended", "ready", "archived"]


def test_it_is_for_platform_operators_only(tenant_a, bob):
    with pytest.raises(PermissionDenied):
        set_tenant_status(tenant_a, Tenant.Status.SUSPENDED, by=bob)
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.READY


def test_it_refuses_an_unknown_status(tenant_a, operator):
    with pytest.raises(ValueError):
        set_tenant_status(tenant_a, "paused", by=operator)


def test_the_ops_admin_goes_through_it(client, tenant_a, bob, operator):
    from tests.conftest import activate_totp, sign_in_with_two_factor

    operator.is_superuser = True
    operator.save()
    activate_totp(operator)
    with schema_context(tenant_a.schema_name):
        set_space_published(make_process("parken", published=False), True, by=bob)
    sign_in_with_two_factor(client, operator)
    url = f"/ops/admin/tenants/tenant/{tenant_a.pk}/change/"
    form = client.get(url, HTTP_HOST="localhost").context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in ("logo",) and value is not None
    }
    data |= {
        "status": "suspended",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
    }
    response = client.post(url, data, HTTP_HOST="localhost")
    assert response.status_code == 302, response.content.decode()[:2000]
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.SUSPENDED
    assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()
