"""Pick and prepare the unprivileged user that runs PostgreSQL when we are root.

`initdb` and `postgres` refuse to run as root, and these machines run everything as root,
so the embedded cluster runs as `postgres` (or a system user we create) instead.
"""

import os
import pwd
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from devstack.console import fail, say

FALLBACK_USER = "torget-pg"


@dataclass(frozen=True)
class ServiceUser:
    """Say which user and group a subprocess should run as (None: the current user)."""

    name: str | None = None
    uid: int | None = None
    gid: int | None = None

    @property
    def extra_groups(self) -> list[int] | None:
        """Return the supplementary groups for `subprocess.run`: none when switching users."""
        # Without this, a child switched from root would keep root's supplementary groups.
        return [] if self.uid is not None else None

    def chown(self, path: Path) -> None:
        """Give `path` to this user (nothing to do when we are not switching users)."""
        if self.uid is not None and self.gid is not None:
            os.chown(path, self.uid, self.gid)


def postgres_user() -> ServiceUser:
    """Return the user to run PostgreSQL as, creating a system user if root has no other."""
    if os.geteuid() != 0:
        return ServiceUser()
    for name in ("postgres", FALLBACK_USER):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return ServiceUser(entry.pw_name, entry.pw_uid, entry.pw_gid)
    _create_system_user(FALLBACK_USER)
    entry = pwd.getpwnam(FALLBACK_USER)
    return ServiceUser(entry.pw_name, entry.pw_uid, entry.pw_gid)


def _create_system_user(name: str) -> None:
    """Create a system user without a home or login shell."""
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    nologin = shutil.which("nologin") or "/usr/sbin/nologin"
    say(f"creating system user {name!r} to run the embedded PostgreSQL")
    result = subprocess.run(
        [useradd, "--system", "--user-group", "--no-create-home", "--shell", nologin, name],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        fail(
            f"could not create user {name!r} ({result.stderr.strip()}); "
            "PostgreSQL refuses to run as root, so create a user named 'postgres' or "
            "set DATABASE_URL to a server you run yourself"
        )


def make_traversable(path: Path) -> None:
    """Let any user reach `path` by adding o+x to each ancestor that lacks it.

    The clone may live anywhere (under /root, in a private temp folder), and the service
    user needs to walk down to its data folder and binaries. Only missing bits are added.
    """
    for folder in reversed(path.resolve().parents):
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)
            say(f"added o+x to {folder} so the PostgreSQL user can reach its data")
