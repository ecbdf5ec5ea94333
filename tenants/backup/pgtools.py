"""Find and run PostgreSQL's client programs (pg_dump, pg_restore, psql) for backups.

The programs come from, in order: the `PG_BIN_DIR` setting (from the environment), the
PATH, Debian's /usr/lib/postgresql/<version>/bin (highest first), and the binaries bundled
in the `pgserver` wheel (devstack/postgres.py). A client older than the server cannot
dump it, so the first one at least as new as the server is used, and when none is the
error names what was found. Connection parameters come from the `default` database
settings; the password travels in PGPASSWORD, never on a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections

from tenants.backup.errors import BackupError

DEBIAN_ROOT = Path("/usr/lib/postgresql")
PROGRAMS = ("pg_dump", "pg_restore", "psql")
# Keys of DATABASES["default"]["OPTIONS"] that are Django's own, not libpq's.
DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool"}
# libpq connection keys and the environment variables the programs read them from.
LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# Session settings under which row checksums are computed: every value that changes how
# a row is written as text (time zone, date style, float digits, bytea) is fixed, so the
# same rows give the same checksum on any server and in any session.
CHECKSUM_SETTINGS = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 1",
    "SET bytea_output = 'hex'",
)


@dataclass(frozen=True)
class PgClient:
    """A folder holding pg_dump, pg_restore and psql of one major version."""

    bindir: Path
    major: int
    origin: str

    def tool(self, name: str) -> str:
        return str(self.bindir / name)


def _settings_dict() -> dict[str, Any]:
    # The connection's dict, not settings.DATABASES: the test runner renames the database.
    return dict(connections["default"].settings_dict)


def _libpq_options() -> dict[str, str]:
    options = _settings_dict().get("OPTIONS") or {}
    return {
        key: str(value)
        for key, value in options.items()
        if key not in DJANGO_ONLY_OPTIONS and key in LIBPQ_ENV
    }


def client_env() -> dict[str, str]:
    """Return the environment for pg_dump/pg_restore/psql: connection settings as PG*
    variables (the password too, so it never shows in a process list)."""
    db = _settings_dict()
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for key, value in _libpq_options().items():
        env[LIBPQ_ENV[key]] = value
    env["PGAPPNAME"] = "torget-backup"
    return env


def connect(*, snapshot: bool = False) -> psycopg.Connection[Any]:
    """Open a connection of our own (outside Django's transactions) with the checksum
    settings. With `snapshot`, its first transaction is REPEATABLE READ and read-only,
    so everything it reads comes from one snapshot."""
    db = _settings_dict()
    params: dict[str, Any] = {"dbname": db["NAME"], "application_name": "torget-backup"}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host")):
        if db.get(key):
            params[name] = db[key]
    if db.get("PORT"):
        params["port"] = int(db["PORT"])
    params.update(_libpq_options())
    # Client-side binding, as Django's own connections: queries compiled by the ORM
    # (sql_with_params) run unchanged.
    conn = psycopg.connect(**params, cursor_factory=psycopg.ClientCursor, autocommit=True)
    for statement in CHECKSUM_SETTINGS:
        conn.execute(statement)
    if snapshot:
        conn.autocommit = False
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
    return conn


def server_major(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10000


def _version_of(program: Path) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - a program we chose; no shell
            [str(program), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    return int(match.group(1)) if match else None


def _has_programs(bindir: Path) -> bool:
    return all((bindir / name).is_file() for name in PROGRAMS)


def _candidates() -> list[tuple[Path, str]]:
    configured = str(getattr(settings, "PG_BIN_DIR", "") or "").strip()
    if configured:
        return [(Path(configured), "PG_BIN_DIR")]
    found: list[tuple[Path, str]] = []
    on_path = shutil.which("pg_dump")
    if on_path:
        # Not resolved: Debian's /usr/bin/pg_dump is a wrapper that picks a version.
        found.append((Path(on_path).parent, "PATH"))
    if DEBIAN_ROOT.is_dir():
        versions = [p for p in DEBIAN_ROOT.iterdir() if p.name.isdigit()]
        for version in sorted(versions, key=lambda p: int(p.name), reverse=True):
            found.append((version / "bin", f"Debian postgresql-{version.name}"))
    from devstack.postgres import pgserver_bindir

    bundled = pgserver_bindir()
    if bundled is not None:
        found.append((bundled, "pgserver"))
    return found


def find_client(server: int) -> PgClient:
    """Return the first client folder (see the module docstring) that holds pg_dump,
    pg_restore and psql at least as new as the server's major version `server`."""
    seen: list[str] = []
    for bindir, origin in _candidates():
        if not _has_programs(bindir):
            seen.append(f"{bindir} ({origin}): no {'/'.join(PROGRAMS)}")
            continue
        major = _version_of(bindir / "pg_dump")
        if major is None:
            seen.append(f"{bindir} ({origin}): cannot read pg_dump --version")
        elif major < server:
            seen.append(f"{bindir} ({origin}): version {major}")
        else:
            return PgClient(bindir, major, origin)
    hint = "; ".join(seen) or "none found"
    raise BackupError(
        f"PostgreSQL client programs of version {server} or newer are needed "
        f"(the server is {server}); found: {hint}. Install postgresql-client-{server} "
        "or set PG_BIN_DIR to a folder holding pg_dump, pg_restore and psql."
    )


def run(args: list[str], *, what: str) -> subprocess.CompletedProcess[str]:
    """Run a client program with the connection environment; raise BackupError with the
    end of its error output if it fails."""
    # No shell; the arguments are our own (schema names are checked identifiers).
    done = subprocess.run(args, env=client_env(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise BackupError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done
