"""Check and pick TCP ports on the loopback interface."""

import os
import socket
from pathlib import Path

from devstack.console import fail, say

LOOPBACK = "127.0.0.1"


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    """Return True if a server could listen on `host:port` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers set SO_REUSEADDR too, so a port with only TIME_WAIT leftovers counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = LOOPBACK) -> int:
    """Return a port the kernel considers free now (another process may still take it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def env_port(name: str) -> int | None:
    """Return the port number in environment variable `name`, or None if it is unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 65536:
        fail(f"{name}={value!r} is not a TCP port number")
    return int(value)


def read_port_file(path: Path) -> int | None:
    """Return the port remembered in `path`, or None if there is no valid one."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def choose_port(env_name: str, default: int, remembered: Path) -> int:
    """Pick a port for a service we are about to start.

    An explicit `env_name` wins and must be free. Otherwise try `default`, then the port
    used last time, then any free port. The choice is written to `remembered`, where a
    concurrent devstack command (`make test` beside `make run`) finds it.
    """
    explicit = env_port(env_name)
    if explicit is not None:
        if not port_is_free(explicit):
            fail(
                f"{env_name}={explicit} is already in use by another program; "
                f"unset {env_name} to let devstack pick a free port"
            )
        return explicit
    candidates = [p for p in (default, read_port_file(remembered)) if p is not None]
    port = next((p for p in candidates if port_is_free(p)), None) or free_port()
    if port != default and not port_is_free(default):
        say(f"port {default} is in use by another program; using {port}")
    remembered.write_text(f"{port}\n")
    return port
