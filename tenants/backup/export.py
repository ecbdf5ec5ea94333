"""The export that precedes a tenant's deletion: its backup archive plus readable JSON.

`export_tenant` writes PRIVATE_MEDIA_ROOT/tenant-exports/<slug>/<timestamp>-<id>.tar.gz:
the same archive as `backup_tenant` (restorable with `tenant_restore`) with an `export/`
folder added, so the city keeps a copy it can read without Torget:

- `export/index.json` says what each file holds: the model, its table, its row count and
  every field with its type, its description and the model a reference points at;
- `export/<app>.<model>.json`, one per model of the tenant apps (many-to-many link
  tables too): every row, in Django's JSON serialization format (the format of
  `manage.py dumpdata`: a list of {"model", "pk", "fields"}), UTF-8, not escaped.

The JSON is read in the backup's snapshot, so it holds exactly the rows of the dump.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from django.utils import timezone, translation
from psycopg import sql

from tenants import audit
from tenants.backup.archive import ArchiveWriter
from tenants.backup.dump import write_archive
from tenants.backup.files import CHUNK
from tenants.backup.fingerprint import tenant_models
from tenants.models import Tenant, TenantExport

EXPORT_FOLDER = "tenant-exports"
FETCH_ROWS = 2000


def private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def start_export(tenant: Tenant, *, by: Any) -> TenantExport:
    """Create the export's row (status running); `run_export` writes it."""
    user = by if getattr(by, "is_authenticated", False) else None
    return TenantExport.objects.create(tenant=tenant, tenant_slug=tenant.slug, requested_by=user)


def request_export(tenant: Tenant, *, by: Any) -> TenantExport:
    """Create an export and write it in a Celery task after commit (on the provisioning
    queue: a long dump must not hold up mail and reminders)."""
    from tenants.tasks import export_tenant_task

    export = start_export(tenant, by=by)
    transaction.on_commit(
        lambda: export_tenant_task.apply_async(
            args=(export.pk,), queue=settings.CELERY_PROVISIONING_QUEUE
        )
    )
    return export


def export_tenant(tenant: Tenant, *, by: Any) -> TenantExport:
    """Export the tenant now, in this process (see the module docstring)."""
    return run_export(start_export(tenant, by=by), by=by)


def run_export(export: TenantExport, *, by: Any) -> TenantExport:
    """Write the export's archive and mark it done, or failed with the error.

    A done export whose file exists is returned as it is (so the task is idempotent).
    """
    if export.status == TenantExport.Status.DONE and export_file(export) is not None:
        return export
    tenant = export.tenant
    if tenant is None:
        return _failed(export, "The tenant no longer exists.")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    relative = f"{EXPORT_FOLDER}/{tenant.slug}/{stamp}-{export.pk}.tar.gz"
    TenantExport.objects.filter(pk=export.pk).update(
        status=TenantExport.Status.RUNNING, path=relative, error="", finished=None
    )
    target = private_root() / relative
    try:
        manifest = write_archive(tenant, target, by=by, extra=_write_json, verb=None)
    except Exception as error:
        return _failed(export, f"{type(error).__name__}: {error}")
    digest = hashlib.sha256()
    with open(target, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    size = target.stat().st_size
    TenantExport.objects.filter(pk=export.pk).update(
        status=TenantExport.Status.DONE,
        path=relative,
        size=size,
        sha256=digest.hexdigest(),
        finished=timezone.now(),
    )
    audit.record(
        "tenant.exported",
        by=by,
        tenant=tenant,
        export=export.pk,
        path=relative,
        size=size,
        sha256=digest.hexdigest(),
        rows=manifest.rows,
        files=len(manifest.files),
    )
    export.refresh_from_db()
    return export


def _failed(export: TenantExport, error: str) -> TenantExport:
    TenantExport.objects.filter(pk=export.pk).update(
        status=TenantExport.Status.FAILED, error=error, finished=timezone.now()
    )
    export.refresh_from_db()
    return export


def export_file(export: TenantExport) -> Path | None:
    """Return the export's archive if it is on disk."""
    if not export.path:
        return None
    path = private_root() / export.path
    return path if path.is_file() else None


def latest_export(tenant: Tenant) -> TenantExport | None:
    """Return the newest done export of the tenant whose file exists."""
    done = TenantExport.objects.filter(tenant=tenant, status=TenantExport.Status.DONE)
    for export in done.order_by("-created", "-pk"):
        if export_file(export) is not None:
            return export
    return None


# --- the readable JSON --------------------------------------------------------------


def _describe(model: type[models.Model], rows: int, member: str) -> dict[str, Any]:
    fields = []
    for field in model._meta.concrete_fields:
        entry: dict[str, Any] = {"name": field.name, "type": field.get_internal_type()}
        for language in ("sv", "en"):
            with translation.override(language):
                entry[f"description_{language}"] = str(getattr(field, "verbose_name", ""))
                if getattr(field, "help_text", ""):
                    entry[f"help_{language}"] = str(field.help_text)
                if field.choices:
                    entry[f"choices_{language}"] = {
                        str(value): str(label) for value, label in field.flatchoices
                    }
        if field.is_relation and field.related_model is not None:
            related = field.related_model
            entry["references"] = related if isinstance(related, str) else related._meta.label_lower
        fields.append(entry)
    return {
        "file": member,
        "model": model._meta.label_lower,
        "name_sv": _in("sv", model._meta.verbose_name),
        "name_en": _in("en", model._meta.verbose_name),
        "table": model._meta.db_table,
        "rows": rows,
        "fields": fields,
    }


def _in(language: str, text: Any) -> str:
    with translation.override(language):
        return str(text)


def _write_json(conn: psycopg.Connection[Any], writer: ArchiveWriter, schema: str) -> None:
    """Add export/index.json and one JSON file per tenant model, read in the snapshot."""
    # The ORM compiles unqualified table names.
    conn.execute(sql.SQL("SET LOCAL search_path = {}").format(sql.Identifier(schema)))
    index: dict[str, Any] = {
        "about": (
            "A readable export of one Torget tenant: one file per table of its schema, "
            "every row, in Django's JSON serialization format (a list of objects with "
            '"model", "pk" and "fields"; the format of manage.py dumpdata). References '
            "to accounts are account ids in the city's user table; staff roles and the "
            "tenant's own public rows are in public.json, files under files/."
        ),
        "schema": schema,
        "created": timezone.now().isoformat(),
        "models": [],
    }
    serializer = serializers.get_serializer("json")()
    with tempfile.TemporaryDirectory(prefix=".torget-export-") as tmp:
        for model in tenant_models():
            member = f"export/{model._meta.label_lower}.json"
            local = Path(tmp) / member.replace("/", "_")
            attnames = [field.attname for field in model._meta.concrete_fields]
            selected = [field.name for field in model._meta.local_fields if not field.primary_key]
            query, params = (
                model._base_manager.order_by("pk").values_list(*attnames).query.sql_with_params()
            )
            counter = _Counter()
            with conn.cursor(name=f"export_{model._meta.db_table}") as cursor:
                cursor.itersize = FETCH_ROWS
                cursor.execute(query, params or None)
                objects = counter.count(model.from_db("default", attnames, row) for row in cursor)
                with open(local, "w", encoding="utf-8") as stream:
                    serializer.serialize(
                        objects, stream=stream, fields=selected, ensure_ascii=False, indent=1
                    )
            writer.add_path(member, local)
            index["models"].append(_describe(model, counter.seen, member))
        data = json.dumps(index, ensure_ascii=False, indent=1).encode()
        writer.add_bytes("export/index.json", data)


class _Counter:
    def __init__(self) -> None:
        self.seen = 0

    def count(self, items: Any) -> Any:
        for item in items:
            self.seen += 1
            yield item
