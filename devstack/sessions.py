"""Track which devstack processes use the embedded services, so the last one stops them.

`make run` in one terminal and `make test` in another share one PostgreSQL and one Redis.
Each such process holds a *session* (a file named by its pid). A service remembers the
session that started it (its *owner*). When a session ends it stops a service only if it
owns it, or the owner is gone, and no other live session still uses it. A service started
by `devstack env` has no owner and runs until `devstack stop`.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devstack.paths import local_dir
from devstack.processes import pid_is_live, started_at


def _sessions_dir() -> Path:
    folder = local_dir() / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def devstack_lock() -> Iterator[None]:
    """Hold an exclusive lock while services are started or stopped.

    Two `make test` runs started at once must not both run initdb on the same folder.
    """
    path = local_dir() / "devstack.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_record(path: Path) -> tuple[int, float] | None:
    try:
        pid_text, started_text = path.read_text().split()
        return int(pid_text), float(started_text)
    except (OSError, ValueError):
        return None


def _record_for_self() -> str:
    pid = os.getpid()
    return f"{pid} {started_at(pid)}\n"


def begin_session() -> None:
    """Register this process as a user of the embedded services."""
    (_sessions_dir() / str(os.getpid())).write_text(_record_for_self())


def end_session() -> None:
    """Unregister this process."""
    (_sessions_dir() / str(os.getpid())).unlink(missing_ok=True)


def other_live_sessions() -> list[int]:
    """Return the pids of other live sessions, removing records of dead ones."""
    live = []
    for path in _sessions_dir().iterdir():
        record = _read_record(path)
        if record is None or not pid_is_live(*record):
            path.unlink(missing_ok=True)
        elif record[0] != os.getpid():
            live.append(record[0])
    return live


def claim_ownership(owner_file: Path) -> None:
    """Record this process as the one that started a service."""
    owner_file.write_text(_record_for_self())


def drop_ownership(owner_file: Path) -> None:
    """Record that nobody owns a service, so it runs until `devstack stop`."""
    owner_file.unlink(missing_ok=True)


def should_stop(owner_file: Path) -> bool:
    """Return True if this ending session is the one that must stop a service."""
    record = _read_record(owner_file)
    if record is None:
        return False
    mine = record[0] == os.getpid()
    if not mine and pid_is_live(*record):
        return False
    return not other_live_sessions()
