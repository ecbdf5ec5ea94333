"""Start the embedded PostgreSQL and Redis for a command, and stop them when it is done.

A service is embedded only when its URL variable is not set: with `DATABASE_URL` or
`REDIS_URL` in the environment, devstack leaves that service alone and passes it through.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from devstack import sessions
from devstack.console import say
from devstack.postgres import EmbeddedPostgres
from devstack.redis import EmbeddedRedis


class Embedded(Protocol):
    """Describe what services.py needs from EmbeddedPostgres and EmbeddedRedis."""

    owner_file: Path

    def owns_url(self, url: str) -> bool:
        """Return True if `url` points at this embedded server."""
        ...

    def ensure(self) -> tuple[str, bool]:
        """Start the service unless it runs; return its URL and whether we started it."""
        ...

    def stop(self) -> bool:
        """Stop the service if it runs; return True if it did."""
        ...


def embedded_services() -> dict[str, Embedded]:
    """Return the embedded services, keyed by the variable that holds their URL."""
    return {"DATABASE_URL": EmbeddedPostgres(), "REDIS_URL": EmbeddedRedis()}


def _external(variable: str, service: Embedded) -> bool:
    """Return True if the environment points `variable` at a server we do not manage.

    A URL that points at our own embedded server (exported by `devstack env`) does not
    count: that server is started again if it was stopped since.
    """
    url = os.environ.get(variable, "")
    return bool(url) and not service.owns_url(url)


def _ensure_all(keep_running: bool) -> dict[str, str]:
    urls = {}
    for variable, service in embedded_services().items():
        if _external(variable, service):
            say(f"using {variable} from the environment; not starting an embedded server")
            urls[variable] = os.environ[variable]
            continue
        urls[variable], started = service.ensure()
        if keep_running:
            sessions.drop_ownership(service.owner_file)
        elif started:
            sessions.claim_ownership(service.owner_file)
    return urls


@contextmanager
def services_session() -> Iterator[dict[str, str]]:
    """Ensure the services for the duration of a command; yield their URL variables.

    On the way out the services are stopped if this process started them (or their
    starter is gone) and no other devstack command still uses them.
    """
    with sessions.devstack_lock():
        sessions.begin_session()
    try:
        with sessions.devstack_lock():
            urls = _ensure_all(keep_running=False)
        yield urls
    finally:
        with sessions.devstack_lock():
            for variable, service in embedded_services().items():
                if not _external(variable, service) and sessions.should_stop(service.owner_file):
                    service.stop()
                    sessions.drop_ownership(service.owner_file)
            sessions.end_session()


def ensure_kept_running() -> dict[str, str]:
    """Ensure the services and leave them running until `devstack stop`; return the URLs."""
    with sessions.devstack_lock():
        return _ensure_all(keep_running=True)


def stop_all() -> None:
    """Stop the embedded services whoever started them."""
    with sessions.devstack_lock():
        users = sessions.other_live_sessions()
        if users:
            say(f"note: devstack processes {users} are still using the services")
        stopped = False
        for service in embedded_services().values():
            stopped = service.stop() or stopped
            sessions.drop_ownership(service.owner_file)
        if not stopped:
            say("no embedded PostgreSQL or Redis was running")
