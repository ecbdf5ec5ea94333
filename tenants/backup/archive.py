"""The backup archive: one tar file (gzip-compressed when its name ends in .gz or .tgz).

Members:

- `schema.dump`: pg_dump of the tenant's schema (custom format, no owners or grants);
- `public.json`: the tenant's public rows (tenants/backup/public_rows.py);
- `files/<stored name>`, `private/<stored name>`: its uploaded files (files.py);
- `export/*.json`: only in tenant exports, every row as readable JSON (export.py);
- `manifest.json`, written last: what the rest holds, with sizes and sha256 of every
  other member, and per table of the schema its row count and checksum.

Reading checks everything before anything is restored: the format version, that every
member is a plain file with a safe name that the manifest lists, and every sha256.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import tarfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder

from tenants.backup.errors import BackupError
from tenants.backup.files import CHUNK, HashingReader, safe_member_name, sha256_of

FORMAT = 1
SUPPORTED_FORMATS = frozenset({1})
MANIFEST = "manifest.json"
DUMP = "schema.dump"
PUBLIC = "public.json"
AREAS = ("files/", "private/", "export/")


class ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (Django's cuts them to
    milliseconds, and restored rows must be exactly the archived ones)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def to_json(data: Any) -> bytes:
    """Return `data` as UTF-8 JSON (see ExactEncoder)."""
    return json.dumps(data, cls=ExactEncoder, ensure_ascii=False, indent=1).encode()


@dataclass
class Manifest:
    """What an archive holds; written as manifest.json."""

    format: int
    created: str
    slug: str
    schema: str
    tenant: dict[str, Any]
    domains: list[dict[str, Any]]
    migrations: list[list[str]]
    tables: dict[str, dict[str, Any]]
    sequences: dict[str, int | None]
    public_references: list[dict[str, Any]]
    postgres: dict[str, Any]
    # schema.dump, public.json and export/… members: {"size", "sha256"}.
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Uploaded files: {"member", "storage", "name", "size", "sha256"}.
    files: list[dict[str, Any]] = field(default_factory=list)
    # Names the schema's file fields hold that were not in storage when backed up.
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(int(table["rows"]) for table in self.tables.values())

    @property
    def file_bytes(self) -> int:
        return sum(int(entry["size"]) for entry in self.files)

    def to_json(self) -> bytes:
        return json.dumps(
            asdict(self), cls=ExactEncoder, ensure_ascii=False, indent=1, sort_keys=True
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
        except ValueError as error:
            raise BackupError(f"The archive's manifest.json is not JSON: {error}.") from None
        if not isinstance(raw, dict):
            raise BackupError("The archive's manifest.json is not an object.")
        version = raw.get("format")
        if version not in SUPPORTED_FORMATS:
            raise BackupError(
                f"The archive has format version {version!r}; this release reads "
                f"{', '.join(str(v) for v in sorted(SUPPORTED_FORMATS))}."
            )
        names = set(cls.__dataclass_fields__)
        missing = sorted(n for n in names if n not in raw and n not in ("members", "files"))
        if missing:
            raise BackupError(f"The archive's manifest lacks {', '.join(missing)}.")
        return cls(**{key: value for key, value in raw.items() if key in names})


class ArchiveWriter:
    """Write an archive to `<path>.partial` and move it to `path` only when complete,
    so a failed backup never leaves a file that looks like an archive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Closed in finish() or abort().
        if path.name.endswith((".gz", ".tgz")):
            self.tar = tarfile.open(self.partial, "w:gz")  # noqa: SIM115
        else:
            self.tar = tarfile.open(self.partial, "w")  # noqa: SIM115
        self.members: dict[str, dict[str, Any]] = {}

    def _info(self, member: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(member)
        info.size = size
        info.mtime = int(time.time())
        info.mode = 0o600
        return info

    def add_stream(self, member: str, stream: IO[bytes], size: int) -> dict[str, Any]:
        """Add `size` bytes read from `stream`; return {"size", "sha256"}."""
        reader = HashingReader(stream)
        self.tar.addfile(self._info(member, size), reader)
        if reader.size != size:
            raise BackupError(f"{member} changed while it was archived.")
        self.members[member] = {"size": size, "sha256": reader.sha256}
        return self.members[member]

    def add_path(self, member: str, path: Path) -> dict[str, Any]:
        with open(path, "rb") as stream:
            return self.add_stream(member, stream, path.stat().st_size)

    def add_bytes(self, member: str, data: bytes) -> dict[str, Any]:
        return self.add_stream(member, io.BytesIO(data), len(data))

    def finish(self, manifest: Manifest) -> None:
        data = manifest.to_json()
        self.tar.addfile(self._info(MANIFEST, len(data)), io.BytesIO(data))
        self.tar.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        try:
            self.tar.close()
        finally:
            self.partial.unlink(missing_ok=True)


@dataclass
class OpenedArchive:
    """A checked archive unpacked into a work folder."""

    manifest: Manifest
    dump: Path
    public: dict[str, Any]
    # Member name → unpacked file, for every uploaded file.
    files: dict[str, Path]


def _unpack(tar: tarfile.TarFile, info: tarfile.TarInfo, target: Path) -> tuple[str, int]:
    source = tar.extractfile(info)
    if source is None:
        raise BackupError(f"The archive member {info.name} cannot be read.")
    target.parent.mkdir(parents=True, exist_ok=True)
    reader = HashingReader(source)
    with open(target, "wb") as out:
        while chunk := reader.read(CHUNK):
            out.write(chunk)
    return reader.sha256, reader.size


def open_archive(path: Path, workdir: Path) -> OpenedArchive:
    """Check the archive at `path` and unpack it into `workdir`; raise BackupError naming
    the first problem (see the module docstring)."""
    if not path.is_file():
        raise BackupError(f"There is no archive at {path}.")
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a tar archive: {error}.") from None
    with tar:
        try:
            infos = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{path} is damaged: {error}.") from None
        by_name: dict[str, tarfile.TarInfo] = {}
        for info in infos:
            if not info.isreg():
                raise BackupError(f"The archive holds {info.name!r}, which is not a plain file.")
            if not safe_member_name(info.name):
                raise BackupError(f"The archive holds a member with a bad path: {info.name!r}.")
            if info.name in by_name:
                raise BackupError(f"The archive holds {info.name!r} twice.")
            if info.name not in (MANIFEST, DUMP, PUBLIC) and not info.name.startswith(AREAS):
                raise BackupError(f"The archive holds an unexpected member {info.name!r}.")
            by_name[info.name] = info
        if MANIFEST not in by_name:
            raise BackupError(f"{path} has no manifest.json; it is not a Torget tenant archive.")
        manifest_stream = tar.extractfile(by_name[MANIFEST])
        assert manifest_stream is not None
        manifest = Manifest.from_json(manifest_stream.read())

        expected: dict[str, dict[str, Any]] = dict(manifest.members)
        for entry in manifest.files:
            expected[str(entry.get("member"))] = entry
        for name in (DUMP, PUBLIC):
            if name not in expected:
                raise BackupError(f"The archive's manifest does not list {name}.")
        unlisted = sorted(set(by_name) - set(expected) - {MANIFEST})
        if unlisted:
            raise BackupError(f"The archive holds members its manifest does not list: {unlisted}.")
        absent = sorted(set(expected) - set(by_name))
        if absent:
            raise BackupError(f"The archive lacks members its manifest lists: {absent}.")

        unpacked: dict[str, Path] = {}
        for name, entry in sorted(expected.items()):
            if name.startswith("export/"):
                # Readable copies only: checked, not unpacked.
                stream = tar.extractfile(by_name[name])
                assert stream is not None
                sha256, size = sha256_of(stream)
            else:
                target = workdir / "members" / name
                sha256, size = _unpack(tar, by_name[name], target)
                unpacked[name] = target
            if sha256 != entry.get("sha256") or size != entry.get("size"):
                raise BackupError(
                    f"Checksum mismatch for {name}: the archive is damaged or was changed "
                    f"(sha256 {sha256}, manifest says {entry.get('sha256')})."
                )
    try:
        public = json.loads(unpacked[PUBLIC].read_bytes())
    except ValueError as error:
        raise BackupError(f"The archive's public.json is not JSON: {error}.") from None
    return OpenedArchive(
        manifest=manifest,
        dump=unpacked[DUMP],
        public=public,
        files={name: path for name, path in unpacked.items() if name.startswith(AREAS[:2])},
    )
