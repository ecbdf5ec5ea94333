"""Tenant schemas: the template schema, cloning it for a new tenant, pending migrations.

Every tenant schema is a copy of one migrated template schema (TENANT_BASE_SCHEMA,
`tenant_template` unless the environment says otherwise). Onboarding clones it, which
takes a fraction of a second where migrating a new schema from scratch takes many;
`manage.py migrate_all` keeps it current together with the tenants. With
TENANT_BASE_SCHEMA empty, new schemas are migrated from scratch instead.

See docs/tenant-schemas.md and docs/adr/0015-tenant-schemas-from-a-template.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.clone import CloneSchema
from django_tenants.postgresql_backend.base import _check_schema_name

from tenants import schema_clone

logger = logging.getLogger(__name__)

MigrationKey = tuple[str, str]

# The advisory lock that orders changes of the template against clones of it: migrating
# the template takes it exclusively, a clone shares it, both until their transaction ends.
# So a tenant is never cloned from a template half-way through a migration, and a
# migration of the template waits for onboardings in flight (whose tenants the tenant
# pass of `migrate_all` then sees).
TEMPLATE_LOCK = 0x746F7267  # "torg"

# The template's DDL, by database, template, a summary of its catalog, migration state.
_ddl_cache: dict[
    tuple[str, str, tuple[int, ...], frozenset[MigrationKey]], schema_clone.TemplateDDL
] = {}


def template_schema_name() -> str:
    """Return the name of the template schema, or "" when cloning is switched off."""
    return str(getattr(settings, "TENANT_BASE_SCHEMA", "") or "")


@cache
def migration_graph() -> dict[MigrationKey, tuple[MigrationKey, ...]]:
    """Return every migration on disk (squashed ones as one) with what each replaces.

    Read once per process: the code does not change under a running process. A schema
    migrated by `migrate_schemas` records the migrations of every installed app, those
    whose tables live elsewhere too, so this one graph serves the public schema, the
    template and every tenant.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        key: tuple(tuple(replaced) for replaced in (migration.replaces or ()))
        for key, migration in loader.graph.nodes.items()
    }


def pending_migrations(applied: Iterable[MigrationKey] | None) -> list[MigrationKey]:
    """Return the migrations on disk not applied in a schema with these records.

    `None` (the schema or its django_migrations table is missing) means all of them. A
    squashed migration counts as applied when it is recorded or all it replaces are.
    """
    graph = migration_graph()
    done = set(applied or ())
    return sorted(
        key
        for key, replaces in graph.items()
        if key not in done and not (replaces and all(r in done for r in replaces))
    )


def applied_migrations(schema_names: Iterable[str]) -> dict[str, frozenset[MigrationKey] | None]:
    """Return the recorded migrations of each schema (None where there are none to read).

    Two queries whatever the number of schemas: which of them have a django_migrations
    table, then all their rows in one UNION ALL.
    """
    names = list(dict.fromkeys(schema_names))
    for name in names:
        _check_schema_name(name)
    result: dict[str, frozenset[MigrationKey] | None] = dict.fromkeys(names)
    if not names:
        return result
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relname = 'django_migrations' AND c.relkind = 'r'"
            " AND n.nspname = ANY(%s)",
            [names],
        )
        with_table = {row[0] for row in cursor.fetchall()}
        present = [name for name in names if name in with_table]
        if not present:
            return result
        cursor.execute(
            " UNION ALL ".join(
                # Validated schema names, quoted.
                f"SELECT %s, app, name FROM {schema_clone.quote_ident(name)}"  # noqa: S608
                ".django_migrations"
                for name in present
            ),
            present,
        )
        rows: dict[str, set[MigrationKey]] = {name: set() for name in present}
        for schema, app, migration in cursor.fetchall():
            rows[schema].add((app, migration))
    result.update({name: frozenset(keys) for name, keys in rows.items()})
    return result


def existing_schemas(schema_names: Iterable[str]) -> set[str]:
    """Return those of the named schemas that exist (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(schema_names)]
        )
        return {row[0] for row in cursor.fetchall()}


def ensure_template_schema(verbosity: int = 0) -> list[MigrationKey]:
    """Create the template schema if missing and apply its pending migrations.

    Return the migrations applied (none when it was current). Idempotent; runs in a
    transaction of its own, or in the caller's (then a failure leaves nothing behind).
    Does nothing when cloning is switched off (TENANT_BASE_SCHEMA empty).
    """
    template = template_schema_name()
    if not template:
        return []
    _check_schema_name(template)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TEMPLATE_LOCK])
        applied = applied_migrations([template])[template]
        pending = pending_migrations(applied)
        if not pending:
            return []
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {schema_clone.quote_ident(template)}")
        call_command(
            "migrate_schemas",
            tenant=True,
            schema_name=template,
            interactive=False,
            verbosity=verbosity,
        )
        connection.set_schema_to_public()  # type: ignore[attr-defined]
    return pending


def create_tenant_schema(schema_name: str) -> None:
    """Create a tenant's schema as a clone of the template, migrating the template first
    if it is behind the code.

    Runs in the caller's transaction (in one of its own without one), so a failure
    leaves no schema behind. With cloning switched off the schema is migrated from
    scratch. Leaves the connection in the public schema.
    """
    _check_schema_name(schema_name)
    template = template_schema_name()
    with transaction.atomic():
        if not template:
            _migrate_new_schema(schema_name)
            return
        applied = applied_migrations([template])[template]
        if pending_migrations(applied):
            ensure_template_schema()
            applied = applied_migrations([template])[template]
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [TEMPLATE_LOCK])
        _clone_template(template, schema_name, applied or frozenset())
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def template_ddl(template: str, applied: frozenset[MigrationKey]) -> schema_clone.TemplateDDL:
    """Return the template's DDL, read from the catalogs once per migration state."""
    with connection.cursor() as cursor:
        # The template changes through migrations, but a hand-made table, view or function
        # in it changes these counts too (and its oid changes when it is made afresh).
        cursor.execute(
            "SELECT n.oid::int8,"
            " (SELECT count(*) FROM pg_class WHERE relnamespace = n.oid),"
            " (SELECT count(*) FROM pg_constraint WHERE connamespace = n.oid),"
            " (SELECT count(*) FROM pg_proc WHERE pronamespace = n.oid)"
            " FROM pg_namespace n WHERE n.nspname = %s",
            [template],
        )
        catalog = tuple(int(value) for value in cursor.fetchone() or ())
    key = (str(connection.settings_dict["NAME"]), template, catalog, applied)
    ddl = _ddl_cache.get(key)
    if ddl is None:
        ddl = schema_clone.read_template_ddl(template)
        _ddl_cache.clear()  # an older state of the template is of no further use
        _ddl_cache[key] = ddl
    return ddl


def _clone_template(template: str, schema_name: str, applied: frozenset[MigrationKey]) -> None:
    try:
        ddl = template_ddl(template, applied)
    except schema_clone.UnsupportedTemplate as reason:
        logger.warning(
            "Cloning %s with django-tenants' clone_schema: the template holds %s",
            schema_name,
            reason,
        )
        CloneSchema().clone_schema(template, schema_name, "DATA")
        return
    schema_clone.replay(ddl, schema_name)


def _migrate_new_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {schema_clone.quote_ident(schema_name)}")
    call_command(
        "migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0
    )
    connection.set_schema_to_public()  # type: ignore[attr-defined]
