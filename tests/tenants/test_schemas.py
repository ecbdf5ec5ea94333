"""Tenant schemas cloned from the template: identical to migrated ones, and the template
kept current (tenants/schemas.py, tenants/schema_clone.py)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings
from django_tenants.utils import schema_context, schema_exists

from tenant_apps.actionlog.models import Action
from tenants import schemas
from tenants.schema_clone import quote_ident

pytestmark = pytest.mark.django_db

TEMPLATE = "tenant_template"
LATEST_ACTIONLOG = ("actionlog", "0003_allow_erasing_target")  # CREATE OR REPLACE: re-runnable

# Each query describes one kind of object in the schema whose name is %(schema)s, with
# search_path set to that schema alone: the schema's own objects come out unqualified,
# anything elsewhere qualified, so two schemas compare equal exactly when their objects
# and every reference out of them are the same.
STRUCTURE_QUERIES = {
    "relations": """
        SELECT c.relname, c.relkind, c.relpersistence, c.reloptions::text
          FROM pg_class c WHERE c.relnamespace = %(schema)s::regnamespace ORDER BY 1""",
    "columns": """
        SELECT c.relname, a.attname,
               rank() OVER (PARTITION BY c.oid ORDER BY a.attnum),
               format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
               a.attgenerated, pg_get_expr(d.adbin, d.adrelid), a.attcollation::regcollation::text
          FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
          LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
         WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind = 'r'
           AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 3""",
    "sequences": """
        SELECT c.relname, s.seqtypid::regtype::text, s.seqstart, s.seqincrement, s.seqmax,
               s.seqmin, s.seqcache, s.seqcycle, d.deptype, d.refobjid::regclass::text,
               d.refobjsubid
          FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
          LEFT JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass
               AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         WHERE c.relnamespace = %(schema)s::regnamespace ORDER BY 1""",
    "constraints": """
        SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid),
               con.condeferrable, con.condeferred, con.convalidated,
               con.confrelid::regclass::text
          FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
         WHERE c.relnamespace = %(schema)s::regnamespace ORDER BY 1, 2""",
    "indexes": """
        SELECT i.relname, pg_get_indexdef(i.oid, 0, true), x.indisunique, x.indisprimary,
               x.indimmediate
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE i.relnamespace = %(schema)s::regnamespace ORDER BY 1""",
    "triggers": """
        SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal ORDER BY 1, 2""",
    "functions": """
        SELECT p.proname, pg_get_function_identity_arguments(p.oid),
               pg_get_function_result(p.oid), p.prosrc, p.provolatile, p.prolang, p.proconfig
          FROM pg_proc p WHERE p.pronamespace = %(schema)s::regnamespace ORDER BY 1, 2""",
    "comments": """
        SELECT c.relname, d.objsubid, d.description FROM pg_description d
          JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
         WHERE c.relnamespace = %(schema)s::regnamespace ORDER BY 1, 2""",
    "migrations": "SELECT app, name FROM django_migrations ORDER BY 1, 2",
    "content types": "SELECT id, app_label, model FROM django_content_type ORDER BY 1",
}


def structure(schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """Describe the schema's tables, columns, sequences, constraints, indexes, triggers,
    functions, comments and recorded rows, in terms that do not name the schema."""
    described = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SET search_path = {quote_ident(schema)}")
        for kind, sql in STRUCTURE_QUERIES.items():
            cursor.execute(sql, {"schema": schema})
            described[kind] = cursor.fetchall()
    connection.search_path_set_schemas = None  # type: ignore[attr-defined]
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return described


def references_into(schema: str, target: str) -> list[str]:
    """Return the objects of `schema` that depend on a relation, function or type in
    `target` (foreign keys, defaults, owned sequences, triggers' functions, ...)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH owned (classid, objid) AS (
              SELECT 'pg_class'::regclass, oid FROM pg_class
               WHERE relnamespace = %(schema)s::regnamespace
              UNION ALL SELECT 'pg_constraint'::regclass, oid FROM pg_constraint
               WHERE connamespace = %(schema)s::regnamespace
              UNION ALL SELECT 'pg_attrdef'::regclass, ad.oid FROM pg_attrdef ad
                JOIN pg_class c ON c.oid = ad.adrelid
               WHERE c.relnamespace = %(schema)s::regnamespace
              UNION ALL SELECT 'pg_trigger'::regclass, t.oid FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid
               WHERE c.relnamespace = %(schema)s::regnamespace
              UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc
               WHERE pronamespace = %(schema)s::regnamespace
              UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type
               WHERE typnamespace = %(schema)s::regnamespace)
            SELECT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> '
                   || pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
              FROM pg_depend d JOIN owned o ON o.classid = d.classid AND o.objid = d.objid
             WHERE (d.refclassid = 'pg_class'::regclass AND d.refobjid IN
                     (SELECT oid FROM pg_class WHERE relnamespace = %(target)s::regnamespace))
                OR (d.refclassid = 'pg_proc'::regclass AND d.refobjid IN
                     (SELECT oid FROM pg_proc WHERE pronamespace = %(target)s::regnamespace))
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid IN
                     (SELECT oid FROM pg_type WHERE typnamespace = %(target)s::regnamespace))
            """,
            {"schema": schema, "target": target},
        )
        return [row[0] for row in cursor.fetchall()]


def forget_migration(schema: str, key: tuple[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote_ident(schema)}.django_migrations"  # noqa: S608 - quoted name
            " WHERE app = %s AND name = %s",
            list(key),
        )
        assert cursor.rowcount == 1


def recorded(schema: str, key: tuple[str, str]) -> bool:
    return key in (schemas.applied_migrations([schema])[schema] or ())


def test_a_cloned_schema_is_identical_to_a_migrated_one():
    with override_settings(TENANT_BASE_SCHEMA=""):
        schemas.create_tenant_schema("t_migrated")
    schemas.create_tenant_schema("t_cloned")

    migrated, cloned = structure("t_migrated"), structure("t_cloned")
    for kind in STRUCTURE_QUERIES:
        assert cloned[kind] == migrated[kind], kind
    # Deferrable foreign keys to public tables came along, with their targets there.
    assert any(
        target == "public.accounts_user" and deferrable and deferred
        for *_, deferrable, deferred, _valid, target in cloned["constraints"]
        if target
    )
    assert cloned["triggers"] and cloned["functions"] and cloned["migrations"]
    assert structure(TEMPLATE) == cloned
    # Nothing in the clone points back into the template (foreign keys, defaults,
    # sequences' owners, triggers' functions, indexes).
    assert references_into("t_cloned", TEMPLATE) == []
    assert references_into("t_migrated", TEMPLATE) == []


def test_a_cloned_schema_has_its_own_sequences_and_trigger():
    schemas.create_tenant_schema("t_cloned")
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM tenant_template.django_content_type")
        (highest,) = cursor.fetchone()
        cursor.execute(
            "SELECT pg_get_serial_sequence('t_cloned.django_content_type', 'id'),"
            " pg_get_serial_sequence('t_cloned.actionlog_action', 'id')"
        )
        assert cursor.fetchone() == (
            "t_cloned.django_content_type_id_seq",
            "t_cloned.actionlog_action_id_seq",
        )
        # Rows in the clone and in the template take their ids independently, and the
        # clone continues after the rows it was given.
        for schema in ("t_cloned", TEMPLATE, "t_cloned"):
            cursor.execute(
                f"INSERT INTO {schema}.django_content_type (app_label, model)"  # noqa: S608
                f" VALUES ('test', 'm{schema}' || clock_timestamp()) RETURNING id"
            )
            assert cursor.fetchone()[0] > highest
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM t_cloned.django_content_type")
        ids = cursor.fetchone()[0]
        assert ids == list(range(1, highest + 3))

    with schema_context("t_cloned"):
        action = Action.objects.create(verb="test.cloned", target="x")
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            Action.objects.filter(pk=action.pk).update(verb="test.rewritten")


def test_it_makes_a_missing_template_and_migrates_it_first():
    with override_settings(TENANT_BASE_SCHEMA="tenant_template_new"):
        assert not schema_exists("tenant_template_new")
        schemas.create_tenant_schema("t_first")
        assert (
            schemas.pending_migrations(
                schemas.applied_migrations(["tenant_template_new"])["tenant_template_new"]
            )
            == []
        )
        assert schemas.ensure_template_schema() == []  # idempotent
    assert structure("t_first") == structure(TEMPLATE)


def test_it_migrates_a_template_that_is_behind_before_cloning():
    forget_migration(TEMPLATE, LATEST_ACTIONLOG)
    assert schemas.pending_migrations(schemas.applied_migrations([TEMPLATE])[TEMPLATE]) == [
        LATEST_ACTIONLOG
    ]

    schemas.create_tenant_schema("t_after")

    assert recorded(TEMPLATE, LATEST_ACTIONLOG)
    assert recorded("t_after", LATEST_ACTIONLOG)
    assert schemas.ensure_template_schema() == []


def test_ensure_template_schema_applies_what_is_missing():
    forget_migration(TEMPLATE, LATEST_ACTIONLOG)
    assert schemas.ensure_template_schema() == [LATEST_ACTIONLOG]
    assert recorded(TEMPLATE, LATEST_ACTIONLOG)


def test_cloning_leaves_nothing_when_the_transaction_fails():
    schemas.create_tenant_schema("t_once")
    with pytest.raises(Exception, match="already exists"):
        schemas.create_tenant_schema("t_once")
    # The failed clone ran in a savepoint of its own: the first one is intact.
    assert structure("t_once") == structure(TEMPLATE)


def test_it_falls_back_to_django_tenants_clone_for_objects_it_does_not_copy(caplog):
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIEW tenant_template.a_view AS SELECT 1 AS one")
    with caplog.at_level(logging.WARNING, logger="tenants.schemas"):
        schemas.create_tenant_schema("t_view")
    assert "relation a_view of kind v" in caplog.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT one FROM t_view.a_view")
        assert cursor.fetchone() == (1,)
        cursor.execute("SELECT count(*) FROM t_view.django_migrations")
        assert cursor.fetchone()[0] == len(structure(TEMPLATE)["migrations"])


def test_migrations_pending_in_a_schema_without_records_are_all_of_them():
    assert schemas.pending_migrations(None) == sorted(schemas.migration_graph())
    assert schemas.applied_migrations(["no_such_schema"]) == {"no_such_schema": None}
