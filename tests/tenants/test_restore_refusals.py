"""A restore refuses, with a message that says why, before it writes anything; and a
restore that fails half-way leaves no schema, rows or files behind."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from shared_apps.accounts.models import Membership
from shared_apps.portal.models import CatalogEntry
from tenants.backup import BackupError, backup_tenant, restore_tenant
from tenants.models import Domain, Tenant
from tests.conftest import LIVE_DB
from tests.spaces.factories import make_process
from tests.tenants.backup_content import cleanup, fill_tenant, media_files

__all__ = ["cleanup"]

pytestmark = LIVE_DB


@pytest.fixture
def archive(make_tenant, cleanup, tmp_path) -> Path:
    """A backup of a small tenant "alfa" (which still exists)."""
    cleanup += ["alfa", "kopia"]
    tenant = make_tenant("alfa")
    with schema_context(tenant.schema_name):
        make_process("parken")
    connection.set_schema_to_public()
    path = tmp_path / "alfa.tar"
    backup_tenant(tenant, path, by="test")
    return path


def assert_nothing_made(slug: str, *, domain_owner: str = "") -> None:
    assert not Tenant.objects.filter(slug=slug).exists()
    assert not schema_exists(Tenant.schema_name_for(slug))
    domains = Domain.objects.filter(domain__startswith=f"{slug}.")
    assert not domains.exclude(tenant__slug=domain_owner).exists()


def rewrite(source: Path, target: Path, change) -> Path:
    """Copy an archive, letting `change(name, data)` return new bytes (or None to drop
    the member), and `change("<extra>", None)` add members as {name: bytes}."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old.getmembers():
            stream = old.extractfile(info)
            assert stream is not None
            data = change(info.name, stream.read())
            if data is None:
                continue
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for name, data in (change("<extra>", None) or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def test_a_taken_slug_is_refused_with_a_hint_at_as(archive):
    with pytest.raises(CommandError, match=r"slug 'alfa' exists already.*--as NEW_SLUG"):
        call_command("tenant_restore", str(archive))


def test_a_taken_domain_is_refused_naming_its_tenant(archive, make_tenant, cleanup):
    cleanup.append("gamma")
    make_tenant("gamma", extra_domains=("kopia.localhost",))

    with pytest.raises(BackupError, match=r"kopia\.localhost \(of gamma\)"):
        restore_tenant(archive, as_slug="kopia", by="test")

    assert_nothing_made("kopia", domain_owner="gamma")


def test_a_leftover_schema_is_refused(archive):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA t_kopia")

    with pytest.raises(BackupError, match="schema t_kopia exists already, without a tenant row"):
        restore_tenant(archive, as_slug="kopia", by="test")

    assert not Tenant.objects.filter(slug="kopia").exists()


def test_a_changed_dump_is_refused_by_its_checksum(archive, tmp_path):
    def flip(name, data):
        if name == "schema.dump":
            return data[:-1] + bytes([data[-1] ^ 1])
        return data

    damaged = rewrite(archive, tmp_path / "damaged.tar", flip)

    with pytest.raises(BackupError, match=r"Checksum mismatch for schema\.dump"):
        restore_tenant(damaged, as_slug="kopia", by="test")
    assert_nothing_made("kopia")


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    junk = tmp_path / "alfa.tar.gz"
    junk.write_bytes(b"not an archive at all")

    with pytest.raises(BackupError, match="is not a tar archive"):
        restore_tenant(junk, as_slug="kopia", by="test")


def test_an_archive_of_a_newer_release_is_refused_naming_the_migrations(
    make_tenant, cleanup, tmp_path
):
    cleanup += ["alfa", "kopia"]
    tenant = make_tenant("alfa")
    with schema_context(tenant.schema_name), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('spaces', '9999_from_the_future', now())"
        )
    connection.set_schema_to_public()
    path = tmp_path / "alfa.tar"
    backup_tenant(tenant, path, by="test")

    with pytest.raises(BackupError, match=r"does not know the migrations spaces\.9999_from_the"):
        restore_tenant(path, as_slug="kopia", by="test")
    assert_nothing_made("kopia")


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("files/../../escape.txt", "member with a bad path: 'files/../../escape.txt'"),
        ("/etc/escape.txt", "member with a bad path"),
        ("files/t_beta/stolen.txt", "outside the tenant's own files: 'files/t_beta/stolen.txt'"),
        ("files/public/portal.css", "outside the tenant's own files"),
    ],
)
def test_a_file_with_a_bad_path_is_refused(archive, tmp_path, member, message):
    content = b"nothing good"

    def smuggle(name, data):
        if name == "<extra>":
            return {member: content}
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["files"].append(
                {
                    "member": member,
                    "storage": "default",
                    "name": member.removeprefix("files/"),
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                }
            )
            return json.dumps(manifest).encode()
        return data

    bad = rewrite(archive, tmp_path / "bad.tar", smuggle)

    with pytest.raises(BackupError, match=message.replace("(", r"\(").replace(".", r"\.")):
        restore_tenant(bad, as_slug="kopia", by="test")
    assert_nothing_made("kopia")


def test_an_unknown_format_version_is_refused(archive, tmp_path):
    def future(name, data):
        if name == "manifest.json":
            return json.dumps({**json.loads(data), "format": 2}).encode()
        return data

    with pytest.raises(BackupError, match="format version 2; this release reads 1"):
        restore_tenant(rewrite(archive, tmp_path / "v2.tar", future), as_slug="kopia", by="test")


def test_a_failure_half_way_leaves_no_schema_rows_or_files(
    make_tenant, cleanup, tmp_path, monkeypatch
):
    cleanup += ["alfa", "kopia"]
    tenant = make_tenant("alfa")
    fill_tenant(tenant)
    path = tmp_path / "alfa.tar.gz"
    backup_tenant(tenant, path, by="test")
    memberships = Membership.objects.count()

    def broken(tenant):
        # After the schema is loaded, the rows written and the files copied.
        assert schema_exists("t_kopia") and media_files("t_kopia")
        raise RuntimeError("the search index is down")

    monkeypatch.setattr("tenant_apps.spaces.search.rebuild_tenant_search", broken)

    with pytest.raises(RuntimeError, match="search index is down"):
        restore_tenant(path, as_slug="kopia", by="test")

    assert_nothing_made("kopia")
    assert Membership.objects.count() == memberships
    assert not CatalogEntry.objects.filter(tenant__slug="kopia").exists()
    assert media_files("t_kopia") == {}
    assert media_files("public/branding/kopia") == {}
    assert schema_exists("t_alfa") and Tenant.objects.filter(slug="alfa").exists()
