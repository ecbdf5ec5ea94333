"""A tenant's uploaded files: where they are, and how they go in and out of archives.

Every file a tenant uploads is stored under a name starting with its schema name
(config/storage.py), in the default storage (MEDIA_ROOT or the object store); files in
the private storage under the same prefix belong to it too. The tenant's logo is stored
from the portal, under `public/branding/<slug>/`, and is named on the tenant row.

In an archive a file of the default storage is the member `files/<stored name>`, one of
the private storage `private/<stored name>`.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.storage import Storage, storages

from tenants.backup.errors import BackupError

AREAS = {"files": "default", "private": "private"}
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    """One file: its archive member name, storage alias and stored name."""

    member: str
    storage: str
    name: str

    @classmethod
    def of(cls, storage: str, name: str) -> StoredFile:
        area = next(area for area, alias in AREAS.items() if alias == storage)
        return cls(f"{area}/{name}", storage, name)


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, names = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(names):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}")


def tenant_files(schema: str, logo: str) -> list[StoredFile]:
    """Return every file of the tenant in both storages, and its logo."""
    found = [
        StoredFile.of(alias, name)
        for alias in AREAS.values()
        for name in _walk(storages[alias], schema)
    ]
    if logo and storages["default"].exists(logo):
        found.append(StoredFile.of("default", logo))
    return found


def safe_member_name(member: str) -> bool:
    """Say whether an archive member name is a plain relative path (no `..`, no
    absolute path, no backslashes or empty segments)."""
    if not member or member.startswith("/") or "\\" in member or "\x00" in member:
        return False
    parts = member.split("/")
    return all(part not in ("", ".", "..") for part in parts) and (
        posixpath.normpath(member) == member
    )


def check_file_entry(entry: dict[str, Any], *, schema: str, logo: str) -> StoredFile:
    """Return the file an archive's manifest lists, or raise if its name could land
    outside the tenant's own files."""
    member, storage, name = entry.get("member", ""), entry.get("storage", ""), entry.get("name", "")
    if storage not in AREAS.values() or not safe_member_name(member) or not safe_member_name(name):
        raise BackupError(f"The archive lists a file with a bad path: {member!r}.")
    stored = StoredFile.of(storage, name)
    if stored.member != member:
        raise BackupError(f"The archive lists a file with a bad path: {member!r}.")
    if not (name.startswith(schema + "/") or (storage == "default" and logo and name == logo)):
        raise BackupError(
            f"The archive lists a file outside the tenant's own files: {member!r} "
            f"(they all start with {schema}/)."
        )
    return stored


class HashingReader:
    """Read a file while counting its bytes and computing its sha256."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    """Return the sha256 and size of a stream read to its end."""
    reader = HashingReader(stream)
    while reader.read(CHUNK):
        pass
    return reader.sha256, reader.size


def renamed(name: str, *, schema: str, target_schema: str, logo: str, target_logo: str) -> str:
    """Return the stored name a file gets in the restored tenant."""
    if logo and name == logo:
        return target_logo
    return target_schema + name[len(schema) :]
