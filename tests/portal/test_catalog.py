"""The portal catalog: written by tenant actions, rebuilt by command, read by the portal."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.actions import set_space_published
from tenants.models import Tenant
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def test_rebuild_catalog_restores_lost_rows_and_drops_stale_ones(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=False)
        set_space_published(process, True, by=bob)
        make_process("hidden", published=False)
    CatalogEntry.objects.all().delete()
    CatalogEntry.objects.create(
        tenant=tenant_a, key="process:999", space_key="process:999", kind="process",
        title_sv="Borttagen", path="/processes/borttagen/",
    )  # fmt: skip

    call_command("rebuild_catalog", tenant="alfa")

    assert list(CatalogEntry.objects.values_list("title_sv", flat=True)) == ["Process parken"]


def test_rebuild_catalog_empties_a_suspended_tenant(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        set_space_published(make_process("parken", published=False), True, by=bob)
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    call_command("rebuild_catalog")
    assert not CatalogEntry.objects.exists()


def test_rebuild_catalog_names_an_unknown_tenant():
    with pytest.raises(CommandError, match="no tenant"):
        call_command("rebuild_catalog", tenant="finns-inte")


def test_the_portal_lists_open_processes_of_ready_tenants_only(
    client, tenant_a, tenant_b, bob, charlie, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        set_space_published(make_process("parken", published=False), True, by=bob)
    with schema_context(tenant_b.schema_name):
        for number in range(15):
            set_space_published(make_process(f"b-{number}", published=False), True, by=charlie)
    # 9: the home page's sections, the e-proposals open for support included.
    with django_assert_max_num_queries(9):
        body = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "Process parken" in body
    assert "http://alfa.localhost/processes/parken/" in body
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    body = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "Process parken" not in body
    assert "Process b-3" in body


def test_a_component_type_adds_its_own_catalog_entries_while_published(tenant_a, bob):
    from tenant_apps.spaces.actions import set_component_published
    from tenant_apps.spaces.registry import CatalogItem, ComponentType, registry
    from tests.spaces.factories import make_component

    def open_vote(component):
        return [
            CatalogItem(
                key="vote",
                kind=CatalogEntry.Kind.VOTE,
                title_sv=f"Rösta: {component.name_sv}",
                title_en="Vote",
                ends=component.process.ends,
            )
        ]

    registry.register(ComponentType(name="testvote", label="Vote", catalog=open_vote))
    try:
        with schema_context(tenant_a.schema_name):
            process = make_process("parken", published=False)
            component = make_component(process, "testvote", name_sv="Parkbudget")
            set_space_published(process, True, by=bob)
            entry = CatalogEntry.objects.get(tenant=tenant_a, kind="vote")
            assert entry.title_sv == "Rösta: Parkbudget"
            assert entry.path == f"/processes/parken/testvote/{component.pk}/"
            assert entry.phase_sv == "Fas 1"  # the space's phase travels with the entry
            set_component_published(component, False, by=bob)
            assert not CatalogEntry.objects.filter(kind="vote").exists()
            assert CatalogEntry.objects.filter(kind="process").exists()
    finally:
        registry.unregister("testvote")


def test_syncs_update_rows_in_place_and_announce_only_new_keys(
    tenant_a, bob, django_capture_on_commit_callbacks
):
    from shared_apps.portal.catalog import entries_added
    from tenant_apps.spaces.actions import set_component_published, update_process
    from tenant_apps.spaces.registry import CatalogItem, ComponentType, registry
    from tests.spaces.factories import make_component

    heard = []

    def listener(sender, tenant_id, entry_ids, **kwargs):
        heard.append(sorted(entry_ids))

    def open_vote(component):
        return [CatalogItem(key="vote", kind="vote", title_sv="Rösta", title_en="Vote")]

    registry.register(ComponentType(name="testvote", label="Vote", catalog=open_vote))
    entries_added.connect(listener)
    try:
        with (
            django_capture_on_commit_callbacks(execute=True),
            schema_context(tenant_a.schema_name),
        ):
            process = make_process("parken", published=False)
            component = make_component(process, "testvote", published=False)
            set_space_published(process, True, by=bob)
            process_entry = CatalogEntry.objects.get(kind="process")
            created = process_entry.created
            update_process(process, by=bob, data={"title_sv": "Parken nu"})
            set_component_published(component, True, by=bob)
            vote_entry = CatalogEntry.objects.get(kind="vote")
            call_command("rebuild_catalog", tenant="alfa")
    finally:
        entries_added.disconnect(listener)
        registry.unregister("testvote")
    process_entry.refresh_from_db()
    assert process_entry.title_sv == "Parken nu"
    assert process_entry.created == created
    assert CatalogEntry.objects.get(kind="vote").pk == vote_entry.pk
    # Published: the process; then the vote; the text change and the rebuild added none.
    assert heard == [[process_entry.pk], [vote_entry.pk]]
