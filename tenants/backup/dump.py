"""Back up one tenant into one archive file (tenants/backup/archive.py).

Consistency: one connection of our own opens a REPEATABLE READ, read-only transaction
and exports its snapshot; pg_dump runs with `--snapshot` on it, and the same transaction
computes the row counts and checksums and reads the public rows. So the manifest
describes exactly the rows in the dump, even while residents keep writing. Two things
are read outside the snapshot: sequence values (not transactional in PostgreSQL) and
the uploaded files, which are copied as they are a moment later (an upload between the
snapshot and the copy may be in the archive without a row naming it, never the reverse
for files that are not deleted meanwhile).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from django.core.files.storage import storages
from django.utils import timezone

from tenants import audit
from tenants.backup import fingerprint, pgtools, public_rows
from tenants.backup.archive import DUMP, FORMAT, PUBLIC, ArchiveWriter, Manifest, to_json
from tenants.backup.errors import BackupError
from tenants.backup.files import tenant_files
from tenants.models import Tenant

Progress = Callable[[str], None]
# Adds members to the archive inside the snapshot (the export's JSON files).
Extra = Callable[[psycopg.Connection[Any], ArchiveWriter, str], None]


def _quiet(message: str) -> None:
    pass


def backup_tenant(
    tenant: Tenant, path: str | Path, *, by: Any, progress: Progress | None = None
) -> Manifest:
    """Write the tenant's archive to `path` (tar; gzip when it ends in .gz or .tgz) and
    return its manifest. `by` is a user or a label for the audit log."""
    return write_archive(tenant, Path(path), by=by, progress=progress)


def write_archive(
    tenant: Tenant,
    path: Path,
    *,
    by: Any,
    progress: Progress | None = None,
    extra: Extra | None = None,
    verb: str | None = "tenant.backup",
) -> Manifest:
    """Write the archive (see backup_tenant); `extra` may add members in the snapshot.
    The audit log gets `verb` (None: the caller records its own event)."""
    say = progress or _quiet
    if tenant.is_public or not tenant.pk:
        raise BackupError("Only a tenant's own schema can be backed up, not the portal's.")
    started = time.monotonic()
    schema = tenant.schema_name
    with tempfile.TemporaryDirectory(prefix=".torget-backup-", dir=_existing(path.parent)) as tmp:
        writer = ArchiveWriter(path)
        try:
            with pgtools.connect(snapshot=True) as conn:
                server_version = conn.info.server_version
                server = server_version // 10000
                client = pgtools.find_client(server)
                row = conn.execute("SELECT pg_export_snapshot()").fetchone()
                assert row is not None
                snapshot = str(row[0])
                if not fingerprint.tables(conn, schema):
                    raise BackupError(f"The schema {schema} of {tenant.slug} has no tables.")
                say(f"snapshot {snapshot} of schema {schema} (PostgreSQL {server})")
                tables = fingerprint.schema_checksums(conn, schema)
                sequences = fingerprint.sequences(conn, schema)
                migrations = fingerprint.applied_migrations(conn, schema)
                references = fingerprint.public_references(conn, schema)
                referenced = fingerprint.referenced_files(conn, schema)
                public = public_rows.collect(conn, tenant.pk)
                dump = Path(tmp) / DUMP
                pgtools.run(
                    [
                        client.tool("pg_dump"),
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        "--no-password",
                        f'--schema="{schema}"',
                        f"--snapshot={snapshot}",
                        f"--file={dump}",
                    ],
                    what="pg_dump",
                )
                say(f"dumped {len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows")
                writer.add_path(DUMP, dump)
                writer.add_bytes(PUBLIC, to_json(public))
                if extra is not None:
                    extra(conn, writer, schema)
                conn.rollback()
            logo = str(public["tenant"].get("logo") or "")
            files = []
            for stored in tenant_files(schema, logo):
                storage = storages[stored.storage]
                with storage.open(stored.name, "rb") as stream:
                    entry = writer.add_stream(stored.member, stream, storage.size(stored.name))
                files.append(
                    {
                        "member": stored.member,
                        "storage": stored.storage,
                        "name": stored.name,
                        **entry,
                    }
                )
            names = {entry["name"] for entry in files if entry["storage"] == "default"}
            manifest = Manifest(
                format=FORMAT,
                created=timezone.now().isoformat(),
                slug=tenant.slug,
                schema=schema,
                tenant=public["tenant"],
                domains=public["domains"],
                migrations=migrations,
                tables=tables,
                sequences=sequences,
                public_references=references,
                postgres={
                    "server": server_version,
                    "client": client.major,
                    "client_origin": client.origin,
                },
                members={
                    name: entry
                    for name, entry in writer.members.items()
                    if not name.startswith(("files/", "private/"))
                },
                files=files,
                missing_files=sorted(referenced - names),
            )
            writer.finish(manifest)
        except BaseException:
            writer.abort()
            raise
    size = path.stat().st_size
    say(f"{len(files)} files, {manifest.file_bytes} bytes; archive {size} bytes")
    if verb is None:
        return manifest
    audit.record(
        verb,
        by=by,
        tenant=tenant,
        archive=str(path),
        size=size,
        tables=len(manifest.tables),
        rows=manifest.rows,
        files=len(files),
        seconds=round(time.monotonic() - started, 2),
    )
    return manifest


def _existing(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
