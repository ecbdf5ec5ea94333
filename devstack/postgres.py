"""Run a project-local PostgreSQL cluster in `.local/pg/` for development and tests.

Binaries come from, in order: `$TORGET_PG_BINDIR`, Debian's `/usr/lib/postgresql/<ver>/bin`
(highest version first; it has the contrib extensions), a `pg_ctl` on PATH, and finally the
ones bundled in the `pgserver` wheel (no contrib extensions). We call initdb and pg_ctl
ourselves rather than use pgserver's server object, whose lifetime is tied to the Python
process that made it: the cluster must outlive `make run` when `make test` shares it.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from devstack.console import fail, say
from devstack.paths import local_dir
from devstack.ports import LOOPBACK, choose_port, read_port_file
from devstack.processes import pid_is_live
from devstack.service_user import ServiceUser, make_traversable, postgres_user

DEFAULT_PORT = 54329
PORT_ENV = "TORGET_PG_PORT"
BINDIR_ENV = "TORGET_PG_BINDIR"
DATABASE = "torget"
SUPERUSER = "postgres"
DEBIAN_ROOT = Path("/usr/lib/postgresql")
CONF_NAME = "torget.conf"


@dataclass(frozen=True)
class PgBinaries:
    """Name a folder holding initdb and pg_ctl, with its major version and origin."""

    bindir: Path
    major: int
    origin: str

    def tool(self, name: str) -> str:
        """Return the path of one program in this folder."""
        return str(self.bindir / name)


def _has_tools(bindir: Path) -> bool:
    return (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file()


def pgserver_bindir() -> Path | None:
    """Return the binaries folder inside the installed `pgserver` package, if any."""
    # find_spec locates the package without importing it (its import starts nothing,
    # but it pulls in more than we need).
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    bindir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return bindir if _has_tools(bindir) else None


def _candidate_bindirs() -> list[tuple[Path, str]]:
    """Return (folder, origin) for every PostgreSQL we could use, best first."""
    override = os.environ.get(BINDIR_ENV, "").strip()
    if override:
        bindir = pgserver_bindir() if override == "pgserver" else Path(override)
        if bindir is None or not _has_tools(bindir):
            fail(f"{BINDIR_ENV}={override!r} does not hold initdb and pg_ctl")
        return [(bindir, BINDIR_ENV)]
    found: list[tuple[Path, str]] = []
    if DEBIAN_ROOT.is_dir():
        versions = [p for p in DEBIAN_ROOT.iterdir() if p.name.isdigit()]
        for version in sorted(versions, key=lambda p: int(p.name), reverse=True):
            if _has_tools(version / "bin"):
                found.append((version / "bin", f"Debian postgresql-{version.name}"))
    on_path = shutil.which("pg_ctl")
    if on_path and _has_tools(Path(on_path).resolve().parent):
        found.append((Path(on_path).resolve().parent, "PATH"))
    bundled = pgserver_bindir()
    if bundled is not None:
        found.append((bundled, "pgserver (no contrib extensions)"))
    return found


def _major_version(bindir: Path) -> int:
    """Return the major version of the PostgreSQL in `bindir`."""
    if bindir.parent.parent == DEBIAN_ROOT and bindir.parent.name.isdigit():
        return int(bindir.parent.name)
    out = subprocess.run(
        [str(bindir / "pg_ctl"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\)\s+(\d+)", out)
    if match is None:
        fail(f"cannot read the version from {bindir / 'pg_ctl'} --version: {out!r}")
    return int(match.group(1))


def find_binaries(cluster_major: int | None) -> PgBinaries:
    """Choose the PostgreSQL binaries to use, matching an existing cluster's version."""
    candidates = _candidate_bindirs()
    if not candidates:
        fail(
            "no PostgreSQL binaries found. Install Debian's `postgresql` package "
            "(apt-get install postgresql), or the `pgserver` pip package "
            "(make install), or set DATABASE_URL to a server you run yourself"
        )
    seen = []
    for bindir, origin in candidates:
        major = _major_version(bindir)
        if cluster_major is None or major == cluster_major:
            return PgBinaries(bindir, major, origin)
        seen.append(f"{major} ({bindir})")
    fail(
        f"the cluster in {local_dir() / 'pg' / 'data'} was made by PostgreSQL {cluster_major}, "
        f"but only these are available: {', '.join(seen)}. Run `make clean` to delete the "
        f"local data and start afresh, or install PostgreSQL {cluster_major}"
    )


def _run_logged(argv: list[str], user: ServiceUser, cwd: Path) -> tuple[int, str]:
    """Run a PostgreSQL tool as `user` and return its exit status and output.

    Output goes to a temporary file, not a pipe: `pg_ctl start` leaves the postmaster
    running, and a pipe it inherited would never reach end-of-file.
    """
    with tempfile.TemporaryFile("w+") as out:
        result = subprocess.run(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            # A new session keeps a Ctrl-C in the developer's terminal away from the server.
            start_new_session=True,
            text=True,
            check=False,
            user=user.uid,
            group=user.gid,
            extra_groups=user.extra_groups,
        )
        out.seek(0)
        return result.returncode, out.read()


class EmbeddedPostgres:
    """Manage the cluster in `<local>/pg/`: create, start, reuse and stop it."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or local_dir() / "pg"
        self.data = self.root / "data"
        self.logfile = self.root / "postgres.log"
        self.port_file = self.root / "torget-port"
        self.owner_file = self.root / "torget-owner"

    @staticmethod
    def url(port: int) -> str:
        """Return the DATABASE_URL of the `torget` database on `port`."""
        return f"postgres://{SUPERUSER}@{LOOPBACK}:{port}/{DATABASE}"

    def owns_url(self, url: str) -> bool:
        """Return True if `url` points at this embedded server (say, from `devstack env`)."""
        port = read_port_file(self.port_file)
        return port is not None and url == self.url(port)

    def cluster_major(self) -> int | None:
        """Return the major version that made the cluster, or None if there is none yet."""
        try:
            return int((self.data / "PG_VERSION").read_text().strip())
        except (OSError, ValueError):
            return None

    def running_port(self) -> int | None:
        """Return the port of our running postmaster, or None if it is not running.

        A postmaster.pid whose process is gone (or is now some other program) is stale;
        it is removed here because postgres itself refuses to start over a pid that
        belongs to a live process of another user.
        """
        pidfile = self.data / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
            pid, started_at, port = int(lines[0]), int(lines[2]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None
        # The pid may since belong to another program, even the system's PostgreSQL, so
        # the process must also have started when the pidfile says the postmaster did.
        if not pid_is_live(pid, float(started_at), tolerance=2.0):
            say(f"removing stale {pidfile} (no postmaster runs as process {pid})")
            pidfile.unlink(missing_ok=True)
            return None
        return port

    def ensure(self) -> tuple[str, bool]:
        """Start the cluster unless it runs; return its DATABASE_URL and whether we started it.

        The caller holds `devstack_lock()`, so no other devstack process starts it meanwhile.
        """
        port = self.running_port()
        if port is not None:
            self._wait_until_accepting(port)
            say(f"reusing the running PostgreSQL on port {port}")
            return self.url(port), False
        started = time.monotonic()
        binaries = find_binaries(self.cluster_major())
        user = postgres_user()
        self.root.mkdir(parents=True, exist_ok=True)
        if user.uid is not None:
            user.chown(self.root)
            make_traversable(self.root)
            make_traversable(binaries.bindir)
        if self.cluster_major() is None:
            self._initdb(binaries, user)
        port = choose_port(PORT_ENV, DEFAULT_PORT, self.port_file)
        self._write_conf(port, user)
        self._start(binaries, user)
        self._create_database(port)
        say(
            f"started PostgreSQL {binaries.major} from {binaries.origin} on port {port} "
            f"in {time.monotonic() - started:.1f}s (log: {self.logfile})"
        )
        return self.url(port), True

    def _initdb(self, binaries: PgBinaries, user: ServiceUser) -> None:
        """Create a fresh cluster owned by the superuser `postgres`, trusting local logins."""
        if self.data.exists():
            # A folder without PG_VERSION is what an interrupted initdb leaves behind.
            shutil.rmtree(self.data)
        say(f"creating a PostgreSQL {binaries.major} cluster in {self.data}")
        failures = []
        for locale in ("C.UTF-8", "C"):
            status, output = _run_logged(
                [
                    binaries.tool("initdb"),
                    "-D",
                    str(self.data),
                    "--auth=trust",
                    "-U",
                    SUPERUSER,
                    "--encoding=UTF8",
                    f"--locale={locale}",
                    # A throwaway development cluster does not need initdb's fsync calls.
                    "--no-sync",
                ],
                user,
                self.root,
            )
            if status == 0:
                return
            failures.append(f"--- initdb --locale={locale} ---\n{output}")
            shutil.rmtree(self.data, ignore_errors=True)
        fail("initdb failed:\n" + "\n".join(failures))

    def _write_conf(self, port: int, user: ServiceUser) -> None:
        """Write our settings to torget.conf and include it from postgresql.conf once."""
        conf = self.data / CONF_NAME
        conf.write_text(
            "# Written by devstack on every start; change devstack/postgres.py instead.\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {port}\n"
            # TCP only: a socket path inside a deep clone can exceed the 107-byte limit.
            "unix_socket_directories = ''\n"
            # A development and test cluster: trade crash safety for speed.
            "fsync = off\n"
            "synchronous_commit = off\n"
            "full_page_writes = off\n"
        )
        user.chown(conf)
        main_conf = self.data / "postgresql.conf"
        include = f"include_if_exists = '{CONF_NAME}'\n"
        if include not in main_conf.read_text():
            with main_conf.open("a") as handle:
                handle.write("\n# Torget's devstack settings\n" + include)

    def _start(self, binaries: PgBinaries, user: ServiceUser) -> None:
        """Start the postmaster with pg_ctl and wait until it accepts connections."""
        status, output = _run_logged(
            [
                binaries.tool("pg_ctl"),
                "start",
                "-D",
                str(self.data),
                "-l",
                str(self.logfile),
                "-w",
                "-t",
                "60",
            ],
            user,
            self.root,
        )
        if status != 0:
            fail(
                f"pg_ctl start failed:\n{output}\n--- end of {self.logfile} ---\n{self._log_tail()}"
            )

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _connect(self, port: int, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=LOOPBACK,
            port=port,
            user=SUPERUSER,
            dbname=dbname,
            autocommit=True,
            connect_timeout=5,
        )

    def _wait_until_accepting(self, port: int, timeout: float = 30.0) -> None:
        """Wait for a postmaster another process is starting or recovering to take logins."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self._connect(port):
                    return
            except psycopg.OperationalError as error:
                if time.monotonic() > deadline:
                    fail(f"PostgreSQL on port {port} does not accept connections: {error}")
                time.sleep(0.2)

    def _create_database(self, port: int) -> None:
        """Create the `torget` database unless it exists; note missing contrib extensions."""
        with self._connect(port) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
            if exists.fetchone() is None:
                conn.execute(f"CREATE DATABASE {DATABASE}")
                say(f"created database {DATABASE!r}")
            available = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent')"
                )
            }
        missing = {"pg_trgm", "unaccent"} - available
        if missing:
            say(
                f"note: this PostgreSQL lacks {', '.join(sorted(missing))}; features that "
                "need them degrade. Install Debian's `postgresql` package to get them."
            )

    def stop(self) -> bool:
        """Stop the cluster with `pg_ctl stop -m fast` if it runs; return True if it did."""
        if self.running_port() is None:
            return False
        binaries = find_binaries(self.cluster_major())
        status, output = _run_logged(
            [binaries.tool("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60"],
            postgres_user(),
            self.root,
        )
        if status != 0:
            fail(f"pg_ctl stop failed:\n{output}")
        say("stopped PostgreSQL")
        return True
