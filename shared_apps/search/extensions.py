"""pg_trgm, where the server has it.

Debian's PostgreSQL ships pg_trgm in contrib; the embedded pgserver fallback does not
(ARCHITECTURE.md, "Facts checked"). Search must still work there, so the extension and the
trigram index are optional: typo tolerance is switched off, visibly (the page says so),
when the extension is missing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import connection

TRIGRAM_INDEX = "search_title_trgm"


def extension_available(schema_editor: Any, name: str) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [name])
        return cursor.fetchone() is not None


class OptionalTrigramExtension(TrigramExtension):
    """Create pg_trgm when the server offers it; skip silently (and degrade) when not."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if extension_available(schema_editor, self.name):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        # Other apps may use pg_trgm too; leave the extension in place.
        return None


def create_trigram_index(apps: Any, schema_editor: Any) -> None:
    """Create the GIN trigram index on title_words, only where pg_trgm is installed."""
    if not trigram_installed(schema_editor.connection):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON search_searchdocument "
        "USING gin (title_words gin_trgm_ops)"
    )


def drop_trigram_index(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def trigram_installed(conn: Any = None) -> bool:
    """Return whether pg_trgm is installed in this database (asked once per connection)."""
    conn = conn or connection
    cached = getattr(conn, "_torget_pg_trgm", None)
    if cached is None:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            cached = cursor.fetchone() is not None
        conn._torget_pg_trgm = cached
    return bool(cached)
