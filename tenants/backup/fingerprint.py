"""What a tenant schema holds, read in SQL: its tables with row counts and checksums,
its sequences, its applied migrations, and the public rows its foreign keys point at.

A table's checksum is the md5 of its rows' md5s sorted bytewise, each row written as
`to_jsonb(row)::text` (keys sorted, so column order does not matter) under fixed
session settings (pgtools.CHECKSUM_SETTINGS). It is order-free (no primary key needed),
takes 32 bytes of memory per row rather than the table's whole text, and does not
mention the schema's name, so a schema restored under another name has the same sums.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import models
from psycopg import sql

EMPTY = "d41d8cd98f00b204e9800998ecf8427e"  # md5 of no rows


def tables(conn: psycopg.Connection[Any], schema: str) -> list[str]:
    """Return the names of the schema's ordinary and partitioned tables, sorted."""
    rows = conn.execute(
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relkind IN ('r', 'p')
        ORDER BY c.relname COLLATE "C"
        """,
        [schema],
    ).fetchall()
    return [row[0] for row in rows]


def table_checksum(conn: psycopg.Connection[Any], schema: str, table: str) -> dict[str, Any]:
    """Return {"rows": count, "checksum": md5} of one table (see the module docstring)."""
    query = sql.SQL(
        """
        SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), ''))
        FROM (SELECT md5(to_jsonb(t)::text) AS h FROM {}.{} AS t) AS hashed
        """
    ).format(sql.Identifier(schema), sql.Identifier(table))
    row = conn.execute(query).fetchone()
    assert row is not None
    return {"rows": int(row[0]), "checksum": row[1]}


def schema_checksums(conn: psycopg.Connection[Any], schema: str) -> dict[str, dict[str, Any]]:
    """Return {table: {"rows", "checksum"}} for every table of the schema."""
    return {table: table_checksum(conn, schema, table) for table in tables(conn, schema)}


def sequences(conn: psycopg.Connection[Any], schema: str) -> dict[str, int | None]:
    """Return each sequence's last value (None if never used).

    Sequences are not transactional: this reads their current value, not the snapshot's,
    so on a busy tenant it may be ahead of what pg_dump wrote a moment later.
    """
    rows = conn.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s "
        'ORDER BY sequencename COLLATE "C"',
        [schema],
    ).fetchall()
    return {name: value for name, value in rows}


def applied_migrations(conn: psycopg.Connection[Any], schema: str) -> list[list[str]]:
    """Return [app, name] of every migration recorded in the schema's django_migrations."""
    query = sql.SQL('SELECT app, name FROM {}.django_migrations ORDER BY app, name COLLATE "C"')
    rows = conn.execute(query.format(sql.Identifier(schema))).fetchall()
    return [[app, name] for app, name in rows]


def public_references(conn: psycopg.Connection[Any], schema: str) -> list[dict[str, Any]]:
    """Return, per public table and column the schema's foreign keys point at, the
    distinct values pointed at: a restore checks they exist before loading anything.

    [{"table": "accounts_user", "column": "id", "from": ["proposals_proposal.author_id"],
      "values": ["3", "7"]}]
    """
    rows = conn.execute(
        """
        SELECT cl.relname, a.attname, rn.nspname, rcl.relname, ra.attname
        FROM pg_constraint con
        JOIN pg_class cl ON cl.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        JOIN pg_class rcl ON rcl.oid = con.confrelid
        JOIN pg_namespace rn ON rn.oid = rcl.relnamespace
        CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(attnum, refattnum)
        JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
        JOIN pg_attribute ra ON ra.attrelid = rcl.oid AND ra.attnum = k.refattnum
        WHERE con.contype = 'f' AND n.nspname = %s AND rn.nspname <> %s
        ORDER BY 4, 5, 1, 2
        """,
        [schema, schema],
    ).fetchall()
    targets: dict[tuple[str, str], dict[str, Any]] = {}
    for table, column, ref_schema, ref_table, ref_column in rows:
        if ref_schema != "public":
            raise ValueError(f"{schema}.{table}.{column} points into schema {ref_schema}")
        target = targets.setdefault(
            (ref_table, ref_column),
            {"table": ref_table, "column": ref_column, "from": [], "values": set()},
        )
        target["from"].append(f"{table}.{column}")
        query = sql.SQL("SELECT DISTINCT {col}::text FROM {s}.{t} WHERE {col} IS NOT NULL").format(
            col=sql.Identifier(column), s=sql.Identifier(schema), t=sql.Identifier(table)
        )
        target["values"].update(value for (value,) in conn.execute(query))
    return [
        {**target, "values": sorted(target["values"], key=lambda v: (len(v), v))}
        for target in targets.values()
    ]


def missing_public_rows(
    conn: psycopg.Connection[Any], references: list[dict[str, Any]]
) -> dict[str, list[str]]:
    """Return {"table.column": [values]} of referenced public rows that do not exist."""
    missing: dict[str, list[str]] = {}
    for ref in references:
        query = sql.SQL(
            "SELECT v FROM unnest(%s::text[]) AS v EXCEPT SELECT {col}::text FROM public.{t}"
        ).format(col=sql.Identifier(ref["column"]), t=sql.Identifier(ref["table"]))
        absent = sorted(v for (v,) in conn.execute(query, [ref["values"]]))
        if absent:
            missing[f"{ref['table']}.{ref['column']}"] = absent
    return missing


def tenant_models() -> list[type[models.Model]]:
    """Return every model whose table lives in tenant schemas (auto-created m2m tables
    too), in a stable order."""
    shared = set(settings.SHARED_APPS)
    labels = [name for name in settings.TENANT_APPS if name not in shared]
    found: list[type[models.Model]] = []
    for config in apps.get_app_configs():
        if config.name in labels:
            found.extend(config.get_models(include_auto_created=True))
    return sorted(found, key=lambda model: model._meta.label)


def file_columns() -> list[tuple[str, str]]:
    """Return (table, column) of every file field of the tenant apps."""
    return [
        (model._meta.db_table, str(field.column))
        for model in tenant_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def referenced_files(conn: psycopg.Connection[Any], schema: str) -> set[str]:
    """Return the stored names the schema's file fields hold."""
    names: set[str] = set()
    for table, column in file_columns():
        query = sql.SQL("SELECT DISTINCT {c} FROM {s}.{t} WHERE {c} <> ''").format(
            c=sql.Identifier(column), s=sql.Identifier(schema), t=sql.Identifier(table)
        )
        names.update(name for (name,) in conn.execute(query))
    return names
