"""Clone the template schema into a new tenant schema with DDL read from the catalogs.

django-tenants clones with a large PL/pgSQL function that reads the catalogs again for
every table of every clone; it got slower as schemas accumulated (see
docs/tenant-schemas.md for the figures). Here the template's DDL is read once per
process and per migration state of the template, kept, and replayed for each new
schema in one round trip: about a hundred plain `CREATE` statements.

How names stay right without rewriting text: the DDL is read with `search_path` set to
the template schema alone, so PostgreSQL's own deparsers (`pg_get_constraintdef`,
`pg_get_indexdef`, `pg_get_triggerdef`, `pg_get_expr`) leave the template's objects
unqualified and qualify everything else (`public.accounts_user`). It is replayed with
`search_path` set to the new schema alone, so the unqualified names are created in, and
point into, the new schema. Only `pg_get_functiondef`, which always qualifies the
function's own name, has that one name replaced.

Rows the template holds (django_migrations, django_content_type) are copied with their
ids, and sequences that were used are set to the template's values.

Anything Django migrations do not make (views, types, policies, rules, inheritance,
comments on other objects, non-default column storage, ...) is listed by
`unsupported_objects`; then the caller falls back to django-tenants' clone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django_tenants.postgresql_backend.base import _check_schema_name

# Each query takes the template's namespace oid as %(ns)s and runs with search_path set
# to the template schema alone.

UNSUPPORTED_SQL = """
SELECT format('relation %%s of kind %%s', c.relname, c.relkind) FROM pg_class c
 WHERE c.relnamespace = %(ns)s AND c.relkind NOT IN ('r', 'i', 'S')
UNION ALL
SELECT format('table %%s inherits or is partitioned', c.relname)
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relnamespace = %(ns)s
UNION ALL
SELECT format('table %%s has row security, a replica identity or a clustered index',
              c.relname)
  FROM pg_class c WHERE c.relnamespace = %(ns)s AND c.relkind = 'r'
   AND (c.relrowsecurity OR c.relreplident <> 'd'
        OR EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND x.indisclustered))
UNION ALL
SELECT format('column %%s.%%s has non-default storage, compression or statistics',
              c.relname, a.attname)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
 WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
   AND (a.attstorage <> t.typstorage OR a.attcompression::text <> ''
        OR coalesce(a.attstattarget::int, -1) <> -1)
UNION ALL
SELECT format('type %%s', t.typname) FROM pg_type t
 WHERE t.typnamespace = %(ns)s AND t.typrelid = 0
   AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typrelid <> 0)
UNION ALL
SELECT format('routine %%s of kind %%s', p.proname, p.prokind) FROM pg_proc p
 WHERE p.pronamespace = %(ns)s AND p.prokind NOT IN ('f', 'p')
UNION ALL
SELECT format('policy %%s', p.polname) FROM pg_policy p
  JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = %(ns)s
UNION ALL
SELECT format('rule %%s', r.rulename) FROM pg_rewrite r
  JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = %(ns)s
UNION ALL
SELECT format('trigger %%s is disabled', t.tgname) FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal AND t.tgenabled <> 'O'
UNION ALL
SELECT format('constraint %%s of kind %%s', con.conname, con.contype) FROM pg_constraint con
 WHERE con.connamespace = %(ns)s AND con.contype NOT IN ('p', 'u', 'c', 'x', 'f', 'n')
UNION ALL
SELECT format('extended statistics %%s', s.stxname) FROM pg_statistic_ext s
 WHERE s.stxnamespace = %(ns)s
UNION ALL
SELECT format('operator %%s', o.oprname) FROM pg_operator o WHERE o.oprnamespace = %(ns)s
UNION ALL
SELECT format('collation %%s', co.collname) FROM pg_collation co
 WHERE co.collnamespace = %(ns)s
UNION ALL
SELECT format('extension %%s', e.extname) FROM pg_extension e
 WHERE e.extnamespace = %(ns)s
UNION ALL
SELECT format('text search configuration %%s', ts.cfgname) FROM pg_ts_config ts
 WHERE ts.cfgnamespace = %(ns)s
UNION ALL
SELECT format('a comment on an object of class %%s', d.classoid::regclass)
  FROM pg_description d
 WHERE d.classoid NOT IN ('pg_class'::regclass, 'pg_constraint'::regclass)
   AND (   (d.classoid = 'pg_proc'::regclass
            AND d.objoid IN (SELECT oid FROM pg_proc WHERE pronamespace = %(ns)s))
        OR (d.classoid = 'pg_trigger'::regclass
            AND d.objoid IN (SELECT t.oid FROM pg_trigger t JOIN pg_class c
                               ON c.oid = t.tgrelid WHERE c.relnamespace = %(ns)s))
        OR (d.classoid = 'pg_namespace'::regclass AND d.objoid = %(ns)s))
"""

FUNCTIONS_SQL = """
SELECT pg_get_functiondef(p.oid), quote_ident(n.nspname) || '.' || quote_ident(p.proname),
       quote_ident(p.proname)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE p.pronamespace = %(ns)s ORDER BY p.oid
"""

# Sequences that are not an identity column's (those come with their table).
SEQUENCES_SQL = """
SELECT format('CREATE SEQUENCE %%I AS %%s INCREMENT BY %%s MINVALUE %%s MAXVALUE %%s '
              'START WITH %%s CACHE %%s %%s;',
              c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,
              s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
 WHERE c.relnamespace = %(ns)s
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                     AND d.objid = c.oid AND d.deptype = 'i')
 ORDER BY c.oid
"""

OWNED_SEQUENCES_SQL = """
SELECT format('ALTER SEQUENCE %%I OWNED BY %%I.%%I;', s.relname, t.relname, a.attname)
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
 WHERE s.relnamespace = %(ns)s AND d.classid = 'pg_class'::regclass
   AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
 ORDER BY s.oid
"""

COLUMNS_SQL = """
SELECT c.relname, c.relpersistence, array_to_string(c.reloptions, ', '),
       a.attname, format_type(a.atttypid, a.atttypmod),
       CASE WHEN a.attcollation <> t.typcollation
            THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
       a.attnotnull, a.attidentity, a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid),
       CASE WHEN a.attidentity <> '' THEN
         (SELECT format('SEQUENCE NAME %%I INCREMENT BY %%s MINVALUE %%s MAXVALUE %%s '
                        'START WITH %%s CACHE %%s %%s',
                        sc.relname, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqstart,
                        sq.seqcache, CASE WHEN sq.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)
            FROM pg_depend d JOIN pg_class sc ON sc.oid = d.objid
            JOIN pg_sequence sq ON sq.seqrelid = sc.oid
           WHERE d.classid = 'pg_class'::regclass AND d.refobjid = c.oid
             AND d.refobjsubid = a.attnum AND d.deptype = 'i') END
  FROM pg_class c
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
 WHERE c.relnamespace = %(ns)s AND c.relkind = 'r'
 ORDER BY c.oid, a.attnum
"""

# Constraints other than foreign keys (NOT NULL is part of the column).
CONSTRAINTS_SQL = """
SELECT format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s;',
              c.relname, con.conname, pg_get_constraintdef(con.oid)),
       con.contype = 'f'
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
 WHERE c.relnamespace = %(ns)s AND con.contype IN ('p', 'u', 'c', 'x', 'f')
   AND con.conparentid = 0
 ORDER BY con.contype = 'f', c.oid, con.oid
"""

# Indexes that no primary key, unique or exclusion constraint made.
INDEXES_SQL = """
SELECT pg_get_indexdef(x.indexrelid, 0, true) || ';'
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
 WHERE i.relnamespace = %(ns)s
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid
                     AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x'))
 ORDER BY i.oid
"""

TRIGGERS_SQL = """
SELECT pg_get_triggerdef(t.oid, true) || ';'
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal
 ORDER BY t.oid
"""

COMMENTS_SQL = """
SELECT CASE
         WHEN d.classoid = 'pg_constraint'::regclass THEN
           (SELECT format('COMMENT ON CONSTRAINT %%I ON %%I IS %%L;', con.conname, ct.relname,
                          d.description)
              FROM pg_constraint con JOIN pg_class ct ON ct.oid = con.conrelid
             WHERE con.oid = d.objoid)
         WHEN d.objsubid > 0 THEN
           format('COMMENT ON COLUMN %%I.%%I IS %%L;', c.relname,
                  (SELECT attname FROM pg_attribute WHERE attrelid = c.oid
                      AND attnum = d.objsubid), d.description)
         ELSE
           format('COMMENT ON %%s %%I IS %%L;',
                  CASE c.relkind WHEN 'i' THEN 'INDEX' WHEN 'S' THEN 'SEQUENCE'
                                 ELSE 'TABLE' END, c.relname, d.description)
       END
  FROM pg_description d
  LEFT JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
 WHERE (d.classoid = 'pg_class'::regclass AND c.relnamespace = %(ns)s)
    OR (d.classoid = 'pg_constraint'::regclass
        AND d.objoid IN (SELECT oid FROM pg_constraint WHERE connamespace = %(ns)s))
 ORDER BY d.classoid, d.objoid, d.objsubid
"""

# The sequences the template has used: their values are carried over.
USED_SEQUENCES_SQL = """
SELECT s.sequencename FROM pg_sequences s
 WHERE s.schemaname = %(schema)s AND s.last_value IS NOT NULL ORDER BY s.sequencename
"""


class UnsupportedTemplate(Exception):
    """The template holds objects this clone does not reproduce."""


@dataclass(frozen=True)
class TemplateDDL:
    """The statements that rebuild the template in the schema named by search_path."""

    template: str
    statements: tuple[str, ...]

    def script(self, schema_name: str) -> str:
        """Return the whole clone of the template into `schema_name` as one SQL string."""
        _check_schema_name(schema_name)
        target = quote_ident(schema_name)
        return "\n".join(
            [
                f"CREATE SCHEMA {target};",
                f"SET search_path = {target};",
                # Like pg_dump: a function body may name a table created after it.
                "SET check_function_bodies = false;",
                *self.statements,
                "RESET check_function_bodies;",
                "SET search_path = public;",
            ]
        )


def quote_ident(name: str) -> str:
    """Return the name as a quoted PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def read_template_ddl(template: str) -> TemplateDDL:
    """Read the DDL (and the data copy) that rebuilds `template` in another schema.

    Raise UnsupportedTemplate when the template holds objects this does not reproduce.
    Runs with the connection's search_path set to the template alone and leaves the
    connection to set its own again on the next query.
    """
    _check_schema_name(template)
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"SET search_path = {quote_ident(template)}")
            cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [template])
            row = cursor.fetchone()
            if row is None:
                raise UnsupportedTemplate(f"the template schema {template} does not exist")
            params = {"ns": row[0], "schema": template}

            cursor.execute(UNSUPPORTED_SQL, params)
            unsupported = [found for (found,) in cursor.fetchall()]
            if unsupported:
                raise UnsupportedTemplate("; ".join(unsupported))

            statements: list[str] = []
            cursor.execute(FUNCTIONS_SQL, params)
            for definition, qualified, local in cursor.fetchall():
                header = f"FUNCTION {qualified}("
                if header not in definition:
                    header = f"PROCEDURE {qualified}("
                if header not in definition:
                    raise UnsupportedTemplate(f"cannot read the definition of {qualified}")
                unqualified = header.replace(qualified, local)
                statements.append(definition.replace(header, unqualified, 1).rstrip() + ";")

            cursor.execute(SEQUENCES_SQL, params)
            statements += [sql for (sql,) in cursor.fetchall()]

            cursor.execute(COLUMNS_SQL, params)
            tables = _tables(cursor.fetchall())
            statements += [table.create_sql() for table in tables]

            cursor.execute(OWNED_SEQUENCES_SQL, params)
            statements += [sql for (sql,) in cursor.fetchall()]

            statements += _data_copy(cursor, template, tables)
            cursor.execute(USED_SEQUENCES_SQL, params)
            statements += [
                f"SELECT setval({_literal(quote_ident(name))}, last_value, is_called) "  # noqa: S608
                f"FROM {quote_ident(template)}.{quote_ident(name)};"
                for (name,) in cursor.fetchall()
            ]

            cursor.execute(CONSTRAINTS_SQL, params)
            constraints = cursor.fetchall()
            statements += [sql for sql, is_foreign_key in constraints if not is_foreign_key]
            cursor.execute(INDEXES_SQL, params)
            statements += [sql for (sql,) in cursor.fetchall()]
            # Foreign keys last: their targets' unique constraints exist by then.
            statements += [sql for sql, is_foreign_key in constraints if is_foreign_key]
            cursor.execute(TRIGGERS_SQL, params)
            statements += [sql for (sql,) in cursor.fetchall()]
            cursor.execute(COMMENTS_SQL, params)
            statements += [sql for (sql,) in cursor.fetchall()]
        finally:
            _forget_search_path()
    return TemplateDDL(template=template, statements=tuple(statements))


def replay(ddl: TemplateDDL, schema_name: str) -> None:
    """Create `schema_name` as a copy of the template, in one round trip."""
    with connection.cursor() as cursor:
        try:
            cursor.execute(ddl.script(schema_name))
        finally:
            _forget_search_path()


@dataclass
class _Table:
    name: str
    persistence: str
    options: str
    columns: list[str]
    copied_columns: list[str]

    def create_sql(self) -> str:
        unlogged = "UNLOGGED " if self.persistence == "u" else ""
        columns = ",\n  ".join(self.columns)
        options = f" WITH ({self.options})" if self.options else ""
        return f"CREATE {unlogged}TABLE {quote_ident(self.name)} (\n  {columns}\n){options};"


def _tables(rows: list[tuple]) -> list[_Table]:
    tables: dict[str, _Table] = {}
    for (
        table_name,
        persistence,
        options,
        column,
        type_sql,
        collation,
        not_null,
        identity,
        generated,
        default,
        identity_options,
    ) in rows:
        table = tables.setdefault(table_name, _Table(table_name, persistence, options, [], []))
        if column is None:  # a table without columns
            continue
        parts = [quote_ident(column), type_sql]
        if collation:
            parts.append(f"COLLATE {collation}")
        if generated == "s":
            parts.append(f"GENERATED ALWAYS AS ({default}) STORED")
        elif default is not None:
            parts.append(f"DEFAULT {default}")
        if identity:
            kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
            parts.append(f"GENERATED {kind} AS IDENTITY ({identity_options})")
        if not_null:
            parts.append("NOT NULL")
        table.columns.append(" ".join(parts))
        if generated != "s":
            table.copied_columns.append(quote_ident(column))
    return list(tables.values())


def _data_copy(cursor: object, template: str, tables: list[_Table]) -> list[str]:
    """Return INSERTs copying every table of the template that holds rows."""
    if not tables:
        return []
    # Identifiers from the catalogs, quoted; no outside input.
    probes = " UNION ALL ".join(
        f"(SELECT {_literal(table.name)} FROM "  # noqa: S608
        f"{quote_ident(template)}.{quote_ident(table.name)} LIMIT 1)"
        for table in tables
    )
    cursor.execute(probes)  # type: ignore[attr-defined]
    filled = {name for (name,) in cursor.fetchall()}  # type: ignore[attr-defined]
    statements = []
    for table in tables:
        if table.name in filled and table.copied_columns:
            columns = ", ".join(table.copied_columns)
            source = f"{quote_ident(template)}.{quote_ident(table.name)}"
            statements.append(
                f"INSERT INTO {quote_ident(table.name)} ({columns}) "  # noqa: S608 - quoted
                f"OVERRIDING SYSTEM VALUE SELECT {columns} FROM {source};"
            )
    return statements


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _forget_search_path() -> None:
    """Make django-tenants set search_path again before the connection's next query."""
    connection.search_path_set_schemas = None  # type: ignore[attr-defined]
