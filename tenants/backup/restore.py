"""Restore a tenant from its archive, under its own slug or as a copy (`as_slug`).

Order, each step refusing before anything is written where it can:

1. check the archive (format, member names, every sha256) and unpack it;
2. refuse if the slug, the schema or a domain is taken, if the archive names migrations
   this code base does not know, if accounts or other public rows its foreign keys point
   at are missing here, or if a file would overwrite another with other content;
3. load the schema with psql in ONE transaction (see `_load_schema` for how a dump of
   schema A is loaded as schema B while A is live);
4. compare every table's row count and checksum with the manifest;
5. migrate the schema when the archive is older than the code;
6. in one Django transaction: the tenant row, its domains, its public rows, its files,
   and the catalog, search documents and participation index rebuilt from the schema.

A failure after step 3 drops the schema and deletes the files written, so nothing is
left half-made; the rows of step 6 roll back with their transaction.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from tenants import audit
from tenants.backup import fingerprint, pgtools, public_rows
from tenants.backup.archive import Manifest, OpenedArchive, open_archive
from tenants.backup.dump import Progress, _quiet
from tenants.backup.errors import BackupError
from tenants.backup.files import StoredFile, check_file_entry, renamed, sha256_of
from tenants.models import Domain, Tenant, validate_tenant_slug

SCHEMA_NAME = re.compile(r"^t_[a-z0-9_]{1,50}$")
# pg_dump 17 and later write this setting, which older servers do not know.
UNKNOWN_SETTINGS = {16: ("SET transaction_timeout",)}


@dataclass
class Plan:
    """Where the archive goes."""

    manifest: Manifest
    slug: str
    schema: str
    as_copy: bool
    status: str
    domains: list[tuple[str, bool]]
    logo: str
    # Files to write: (target, unpacked file). Files already there with the same
    # content are left alone.
    files: list[tuple[StoredFile, Path]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def restore_tenant(
    path: str | Path,
    *,
    as_slug: str | None = None,
    by: Any,
    status: str | None = None,
    progress: Progress | None = None,
) -> Tenant:
    """Restore the archive at `path` (see the module docstring); return the tenant.

    `as_slug` restores a copy under a new slug next to the original; `status` overrides
    the archived status (ready, suspended, archived). Must run outside a transaction:
    psql and pg_restore are other connections and must see committed data.
    """
    say = progress or _quiet
    if connection.in_atomic_block:
        raise BackupError("Restore outside a transaction: psql must see committed rows.")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=".torget-restore-") as tmp:
        work = Path(tmp)
        archive = open_archive(Path(path), work)
        manifest = archive.manifest
        say(
            f"archive of {manifest.slug} made {manifest.created}: {len(manifest.tables)} "
            f"tables, {manifest.rows} rows, {len(manifest.files)} files; checksums verified"
        )
        plan = _plan(archive, as_slug, status)
        _refuse_if_taken(plan)
        pending = _pending_migrations(manifest)
        with pgtools.connect() as conn:
            server = conn.info.server_version // 10000
            missing = fingerprint.missing_public_rows(conn, manifest.public_references)
        if missing:
            named = "; ".join(
                f"{len(values)} in {target} ({', '.join(values[:10])}"
                f"{', …' if len(values) > 10 else ''})"
                for target, values in missing.items()
            )
            raise BackupError(
                f"The archive points at public rows that do not exist here: {named}. "
                "Restore into the installation it was made in (accounts deleted since the "
                "backup also show here)."
            )
        client = pgtools.find_client(server)
        _plan_files(archive, plan)

        loaded = False
        written: list[StoredFile] = []
        try:
            _load_schema(client, archive, plan, work, server)
            loaded = True
            _verify(plan)
            say(f"schema {plan.schema} loaded and verified against the manifest")
            if pending:
                say(f"migrating {plan.schema}: {len(pending)} migrations newer than the archive")
                call_command(
                    "migrate_schemas", schema_name=plan.schema, interactive=False, verbosity=0
                )
                connection.set_schema_to_public()  # type: ignore[attr-defined]
            if plan.as_copy:
                _rename_file_fields(plan)
            tenant, restored, counts = _create_rows(plan, archive, written, by=by, path=Path(path))
        except BaseException:
            _undo(plan.schema if loaded else None, written)
            raise
    for note in plan.notes:
        say(f"note: {note}")
    for kind, emails in restored.skipped_users.items():
        say(f"not restored, no such account here: {kind} of {', '.join(sorted(emails))}")
    if restored.not_copied:
        say(f"not copied to a copy (residents' rows): {', '.join(restored.not_copied)}")
    say(
        f"restored {tenant.slug} ({tenant.status}) in {time.monotonic() - started:.1f}s: "
        f"{manifest.rows} rows, {len(written)} files written; catalog {counts['catalog']}, "
        f"search {counts['search']}, participation {counts['participation']}"
    )
    return tenant


def _plan(archive: OpenedArchive, as_slug: str | None, status: str | None) -> Plan:
    manifest = archive.manifest
    if not SCHEMA_NAME.match(manifest.schema) or manifest.schema != Tenant.schema_name_for(
        manifest.slug
    ):
        raise BackupError(f"The archive names a bad schema {manifest.schema!r}.")
    slug = as_slug or manifest.slug
    try:
        validate_tenant_slug(slug)
    except ValidationError as error:
        raise BackupError(f"Cannot restore as {slug!r}: {' '.join(error.messages)}") from None
    as_copy = slug != manifest.slug
    status = status or str(manifest.tenant.get("status") or Tenant.Status.READY)
    if status not in Tenant.Status.values:
        raise BackupError(f"Unknown status {status!r}; use one of {Tenant.Status.values}.")
    primary = f"{slug}.{settings.PLATFORM_DOMAIN}"
    domains = [(primary, True)]
    notes = []
    for entry in manifest.domains:
        host = str(entry["domain"])
        if host == primary:
            continue
        if as_copy:
            if not entry.get("is_primary"):
                notes.append(f"custom domain {host} not copied: it belongs to {manifest.slug}")
        elif entry.get("is_primary"):
            notes.append(f"domain {host} not restored: the primary domain here is {primary}")
        else:
            domains.append((host, False))
    logo = str(manifest.tenant.get("logo") or "")
    old_folder = f"public/branding/{manifest.slug}/"
    target_logo = logo
    if logo and as_copy and logo.startswith(old_folder):
        target_logo = f"public/branding/{slug}/" + logo[len(old_folder) :]
    return Plan(
        manifest=manifest,
        slug=slug,
        schema=Tenant.schema_name_for(slug),
        as_copy=as_copy,
        status=status,
        domains=domains,
        logo=target_logo,
        notes=notes,
    )


def _refuse_if_taken(plan: Plan) -> None:
    hint = " Restore it under another slug with --as NEW_SLUG, or delete that tenant first."
    if Tenant.objects.filter(slug=plan.slug).exists():
        raise BackupError(f"A tenant with the slug {plan.slug!r} exists already.{hint}")
    if schema_exists(plan.schema):
        raise BackupError(
            f"The schema {plan.schema} exists already, without a tenant row (left from an "
            "unfinished deletion?). Drop it first if it is not needed." + hint
        )
    taken = list(
        Domain.objects.filter(domain__in=[host for host, _ in plan.domains]).values_list(
            "domain", "tenant__slug"
        )
    )
    if taken:
        named = ", ".join(f"{host} (of {slug})" for host, slug in taken)
        raise BackupError(f"These domains belong to another tenant already: {named}.")


def _pending_migrations(manifest: Manifest) -> list[tuple[str, str]]:
    """Refuse migrations the code does not know; return those the archive lacks."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, name in manifest.migrations}
    unknown = sorted(applied - known)
    if unknown:
        named = ", ".join(f"{app}.{name}" for app, name in unknown)
        raise BackupError(
            f"The archive was made by a newer release: this code base does not know the "
            f"migrations {named}. Restore it with the release that made it (or a newer one)."
        )
    return sorted(known - applied)


def _plan_files(archive: OpenedArchive, plan: Plan) -> None:
    manifest = archive.manifest
    logo = str(manifest.tenant.get("logo") or "")
    for entry in manifest.files:
        stored = check_file_entry(entry, schema=manifest.schema, logo=logo)
        target = StoredFile.of(
            stored.storage,
            renamed(
                stored.name,
                schema=manifest.schema,
                target_schema=plan.schema,
                logo=logo,
                target_logo=plan.logo,
            ),
        )
        storage = storages[target.storage]
        if storage.exists(target.name):
            with storage.open(target.name, "rb") as stream:
                if sha256_of(stream)[0] != entry["sha256"]:
                    raise BackupError(
                        f"The file {target.name} exists already with other content; "
                        "move it away or restore under another slug."
                    )
            continue
        plan.files.append((target, archive.files[stored.member]))


def _load_schema(
    client: pgtools.PgClient, archive: OpenedArchive, plan: Plan, work: Path, server: int
) -> None:
    """Load the dump as `plan.schema` in one psql transaction.

    pg_dump writes the schema's name into every statement, so a dump of A creates A.
    To load it as B, the transaction creates A from the dump and renames it to B; if a
    live A exists (a copy made next to the original), it is first renamed out of the
    way and back again in the same transaction. Renaming a schema changes one catalog
    row and nothing in the data, functions or triggers (they refer to objects by oid),
    and other sessions keep seeing and using the live A throughout (they see the
    catalog as committed; checked with concurrent reads and writes).
    """
    original = archive.manifest.schema
    script = work / "schema.sql"
    pgtools.run(
        [
            client.tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            f"--file={script}",
            str(archive.dump),
        ],
        what="pg_restore",
    )
    _drop_unknown_settings(script, server)
    quote = _quote_ident
    before, after = [], []
    if plan.schema != original:
        if schema_exists(original):
            parked = f"{original}_restore_{secrets.token_hex(4)}"
            before.append(f"ALTER SCHEMA {quote(original)} RENAME TO {quote(parked)};")
            after.append(f"ALTER SCHEMA {quote(original)} RENAME TO {quote(plan.schema)};")
            after.append(f"ALTER SCHEMA {quote(parked)} RENAME TO {quote(original)};")
        else:
            after.append(f"ALTER SCHEMA {quote(original)} RENAME TO {quote(plan.schema)};")
    wrapper = work / "restore.sql"
    wrapper.write_text(
        "\n".join([*before, f"\\i '{script}'", *after, ""]),
        encoding="utf-8",
    )
    pgtools.run(
        [
            client.tool("psql"),
            "-X",
            "-q",
            "--no-password",
            "--single-transaction",
            "-v",
            "ON_ERROR_STOP=1",
            f"--file={wrapper}",
        ],
        what="psql (loading the schema)",
    )


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _drop_unknown_settings(script: Path, server: int) -> None:
    """Remove header settings a newer pg_restore writes that this server does not know
    (only in the header, before any data)."""
    unknown = tuple(
        prefix
        for newest, prefixes in UNKNOWN_SETTINGS.items()
        if server <= newest
        for prefix in prefixes
    )
    if not unknown:
        return
    with open(script, encoding="utf-8") as stream:
        head = [stream.readline() for _ in range(40)]
        rest = stream.read()
    kept = [line for line in head if not line.startswith(unknown)]
    if len(kept) != len(head):
        script.write_text("".join(kept) + rest, encoding="utf-8")


def _verify(plan: Plan) -> None:
    with pgtools.connect() as conn:
        restored = fingerprint.schema_checksums(conn, plan.schema)
    expected = plan.manifest.tables
    if set(restored) != set(expected):
        raise BackupError(
            f"The restored schema's tables differ from the manifest: "
            f"missing {sorted(set(expected) - set(restored))}, "
            f"extra {sorted(set(restored) - set(expected))}."
        )
    for table, sums in expected.items():
        if restored[table] != sums:
            raise BackupError(
                f"The restored table {table} does not match the archive: "
                f"{restored[table]['rows']} rows, checksum {restored[table]['checksum']}; "
                f"the manifest says {sums['rows']} rows, checksum {sums['checksum']}."
            )


def _rename_file_fields(plan: Plan) -> None:
    """Point the copy's file fields at its own files (`t_new/…` instead of `t_old/…`)."""
    old = plan.manifest.schema + "/"
    new = plan.schema + "/"
    with pgtools.connect() as conn, conn.transaction():
        present = set(fingerprint.tables(conn, plan.schema))
        for table, column in fingerprint.file_columns():
            if table not in present:
                continue
            conn.execute(
                sql.SQL("UPDATE {s}.{t} SET {c} = %s || substr({c}, %s) WHERE {c} LIKE %s").format(
                    s=sql.Identifier(plan.schema), t=sql.Identifier(table), c=sql.Identifier(column)
                ),
                [new, len(old) + 1, old.replace("_", r"\_") + "%"],
            )


def _create_rows(
    plan: Plan, archive: OpenedArchive, written: list[StoredFile], *, by: Any, path: Path
) -> tuple[Tenant, public_rows.Restored, dict[str, int]]:
    from shared_apps.participation.actions import rebuild_tenant as rebuild_participation
    from shared_apps.portal.listing import forget_tenant_choices
    from tenant_apps.spaces.catalog import rebuild_tenant_catalog
    from tenant_apps.spaces.search import rebuild_tenant_search

    manifest = plan.manifest
    archived = manifest.tenant
    with transaction.atomic():
        tenant = Tenant(
            slug=plan.slug,
            schema_name=plan.schema,
            status=plan.status,
            logo=plan.logo,
            **{
                name: archived[name]
                for name in ("name_sv", "name_en", "kind", "primary_color", "contact_email")
            },
        )
        try:
            tenant.full_clean(exclude=["logo"])
        except ValidationError as error:
            raise BackupError(f"The archived tenant row is not valid here: {error}") from None
        tenant.save()
        Tenant.objects.filter(pk=tenant.pk).update(created=archived["created"])
        tenant.refresh_from_db()
        for host, primary in plan.domains:
            Domain.objects.create(domain=host, tenant=tenant, is_primary=primary)
        restored = public_rows.restore(archive.public, tenant, as_copy=plan.as_copy)
        for target, source in plan.files:
            context = "public" if target.name.startswith("public/") else plan.schema
            with schema_context(context), open(source, "rb") as stream:
                name = storages[target.storage].save(target.name, File(stream))
            written.append(StoredFile.of(target.storage, name))
            if name != target.name:
                raise BackupError(f"The file {target.name} was stored as {name}.")
        counts = {
            "catalog": rebuild_tenant_catalog(tenant),
            "search": rebuild_tenant_search(tenant),
        }
        with schema_context(plan.schema):
            counts["participation"] = sum(rebuild_participation(tenant).values())
        audit.record(
            "tenant.restore",
            by=by,
            tenant=tenant,
            archive=str(path),
            source_slug=manifest.slug,
            archive_created=manifest.created,
            as_copy=plan.as_copy,
            tables=len(manifest.tables),
            rows=manifest.rows,
            files=len(plan.files),
            public_rows=restored.written,
            skipped_accounts=sum(len(v) for v in restored.skipped_users.values()),
        )
        transaction.on_commit(forget_tenant_choices)
    return tenant, restored, counts


def _undo(schema: str | None, written: list[StoredFile]) -> None:
    """Remove what a failed restore made: its files and its schema."""
    for stored in written:
        storages[stored.storage].delete(stored.name)
    if schema is not None:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {_quote_ident(schema)} CASCADE")
