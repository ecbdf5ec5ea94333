"""The export before a tenant's deletion: the backup archive plus readable JSON, as a
TenantExport row, in this process or through the real Celery worker."""

from __future__ import annotations

import hashlib
import json
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context

from tenant_apps.budgets.models import Ballot
from tenant_apps.proposals.models import Proposal
from tenants.backup import export_tenant, latest_export, request_export, restore_tenant
from tenants.backup.export import export_file
from tenants.models import PlatformEvent, TenantExport
from tenants.tasks import export_tenant_task
from tests.conftest import LIVE_DB, make_user
from tests.tenants.backup_content import cleanup, fill_tenant

__all__ = ["cleanup"]

pytestmark = LIVE_DB


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {
            info.name: tar.extractfile(info).read()  # type: ignore[union-attr]
            for info in tar.getmembers()
        }


def test_it_exports_the_archive_with_every_row_as_readable_json(make_tenant, cleanup):
    cleanup += ["alfa", "arkiv"]
    tenant = make_tenant("alfa")
    fill_tenant(tenant)
    operator = make_user("ops@example.org", "Olga Ops", is_staff=True)

    export = export_tenant(tenant, by=operator)

    assert export.status == TenantExport.Status.DONE, export.error
    assert export.path.startswith("tenant-exports/alfa/") and export.path.endswith(".tar.gz")
    path = Path(settings.PRIVATE_MEDIA_ROOT) / export.path
    data = path.read_bytes()
    assert (export.size, export.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert (export.tenant, export.requested_by, export.finished is not None) == (
        tenant,
        operator,
        True,
    )
    content = members(path)
    assert {"manifest.json", "schema.dump", "public.json", "export/index.json"} <= set(content)
    index = json.loads(content["export/index.json"])
    manifest = json.loads(content["manifest.json"])
    # One file per model, each as many rows as its table has in the dump.
    for entry in index["models"]:
        rows = json.loads(content[entry["file"]].decode("utf-8"))
        assert len(rows) == entry["rows"] == manifest["tables"][entry["table"]]["rows"]
    assert {entry["table"] for entry in index["models"]} <= set(manifest["tables"])
    proposals = json.loads(content["export/proposals.proposal.json"])
    assert proposals[0]["model"] == "proposals.proposal"
    assert proposals[0]["fields"]["title"] == "Bänkar vid dammen"
    assert "Bänkar vid dammen".encode() in content["export/proposals.proposal.json"]
    with schema_context("t_alfa"):
        assert len(json.loads(content["export/budgets.ballot.json"])) == Ballot.objects.count()
        assert proposals[0]["pk"] == Proposal.objects.get().pk
    title = next(e for e in index["models"] if e["model"] == "proposals.proposal")["fields"]
    assert {"name": "title", "type": "CharField", "description_sv": "titel",
            "description_en": "title"} in title  # fmt: skip
    event = PlatformEvent.objects.get()  # one event per export
    assert event.verb == "tenant.exported"
    assert (event.actor, event.details["sha256"]) == (operator, export.sha256)
    assert latest_export(tenant) == export

    # The export is a backup archive too.
    copy = restore_tenant(path, as_slug="arkiv", by=operator)
    assert copy.schema_name == "t_arkiv"


def test_latest_export_is_the_newest_done_one_whose_file_exists(make_tenant, cleanup):
    cleanup.append("alfa")
    tenant = make_tenant("alfa")
    assert latest_export(tenant) is None
    first = export_tenant(tenant, by="test")
    second = export_tenant(tenant, by="test")
    TenantExport.objects.create(tenant=tenant, tenant_slug="alfa", status="failed")
    TenantExport.objects.create(tenant=tenant, tenant_slug="alfa", status="running")
    assert first.path != second.path

    assert latest_export(tenant) == second
    export_file(second).unlink()  # type: ignore[union-attr]
    assert latest_export(tenant) == first


def test_a_failed_export_says_why(make_tenant, cleanup, monkeypatch):
    cleanup.append("alfa")
    tenant = make_tenant("alfa")
    monkeypatch.setattr("tenants.backup.dump.fingerprint.schema_checksums", _disk_full)

    export = export_tenant(tenant, by="test")

    assert export.status == TenantExport.Status.FAILED
    assert export.error == "OSError: No space left on device"
    assert export_file(export) is None
    assert not list((Path(settings.PRIVATE_MEDIA_ROOT) / "tenant-exports" / "alfa").iterdir())
    assert latest_export(tenant) is None


def _disk_full(*args, **kwargs):
    raise OSError("No space left on device")


def test_the_worker_writes_an_export_once(make_tenant, cleanup, celery_worker):
    cleanup.append("alfa")
    tenant = make_tenant("alfa")
    with transaction.atomic():
        export = request_export(tenant, by="test")
        assert export.status == TenantExport.Status.RUNNING

    deadline = time.monotonic() + 60
    while export.status == TenantExport.Status.RUNNING and time.monotonic() < deadline:
        time.sleep(0.2)
        export.refresh_from_db()
    assert export.status == TenantExport.Status.DONE, export.error
    assert export_file(export) is not None

    # Sent again (a redelivery): the done export is left as it is.
    assert export_tenant_task.delay(export.pk).get(timeout=30) == "done"
    again = TenantExport.objects.get(pk=export.pk)
    assert (again.path, again.sha256, again.finished) == (
        export.path,
        export.sha256,
        export.finished,
    )
    assert PlatformEvent.objects.filter(verb="tenant.exported").count() == 1
