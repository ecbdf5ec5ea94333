"""Back up a tenant with real content and restore it: as a copy next to the original,
and under its own slug after the original is gone. Every table of both schemas is
compared by row count and checksum, and every file by sha256."""

from __future__ import annotations

import io
import re
import tarfile
import time

from django.core.management import call_command
from django_tenants.utils import schema_context, schema_exists

from shared_apps.accounts.models import Membership
from shared_apps.notifications.models import Follow, Notification
from shared_apps.participation.models import Participation
from shared_apps.portal.models import CatalogEntry
from shared_apps.privacy.models import TenantTerms, TermsAcceptance
from shared_apps.search.models import SearchDocument
from tenant_apps.proposals.models import Attachment
from tenants.backup import backup_tenant, restore_tenant
from tenants.models import Domain, PlatformEvent, Tenant
from tests.conftest import LIVE_DB
from tests.tenants.backup_content import (
    checksums,
    checksums_with_files_renamed,
    cleanup,
    drop_schemas,
    fill_tenant,
    media_files,
    remove_media,
    sequences,
)

__all__ = ["cleanup"]

pytestmark = LIVE_DB


def public_counts(tenant: Tenant) -> dict[str, int]:
    return {
        "catalog": CatalogEntry.objects.filter(tenant=tenant).count(),
        "search": SearchDocument.objects.filter(tenant=tenant).count(),
        "participation": Participation.objects.filter(tenant=tenant).count(),
    }


def test_it_restores_a_copy_next_to_the_original_with_every_row_and_file(
    make_tenant, cleanup, tmp_path
):
    cleanup += ["alfa", "alfa-kopia"]
    tenant = make_tenant("alfa", extra_domains=("deltagande.alfa.test",))
    fill_tenant(tenant)
    original = checksums("t_alfa")
    original_sequences = sequences("t_alfa")
    original_files = media_files("t_alfa")
    archive = tmp_path / "alfa.tar.gz"

    started = time.monotonic()
    manifest = backup_tenant(tenant, archive, by="test")
    backed_up = time.monotonic() - started
    started = time.monotonic()
    lines: list[str] = []
    copy = restore_tenant(archive, as_slug="alfa-kopia", by="test", progress=lines.append)
    restored = time.monotonic() - started
    print(
        f"\nbackup {backed_up:.2f}s, restore --as {restored:.2f}s, archive "
        f"{archive.stat().st_size} bytes, {len(manifest.tables)} tables, {manifest.rows} rows, "
        f"{len(manifest.files)} files"
    )

    # The manifest is the snapshot of the original, which is untouched.
    assert manifest.tables == original == checksums("t_alfa")
    assert manifest.rows > 50 and len(manifest.files) == 3  # attachment, hero image, logo
    assert copy.schema_name == "t_alfa_kopia" and Tenant.objects.get(slug="alfa").pk == tenant.pk
    # Every table of the copy holds the same rows. The one difference is deliberate: the
    # copy's file fields name its own files (t_alfa_kopia/…), so tables with file fields
    # are compared with that prefix written back.
    assert checksums("t_alfa_kopia") != original
    assert checksums_with_files_renamed("t_alfa_kopia", back_to="t_alfa") == original
    # Sequences are not in the checksums (they are not tables); pg_dump restores them.
    assert sequences("t_alfa_kopia") == original_sequences
    # Every file, byte for byte, under the copy's prefix; the logo under its slug.
    assert media_files("t_alfa_kopia") == original_files
    assert media_files("public/branding/alfa-kopia") == media_files("public/branding/alfa")
    with schema_context("t_alfa_kopia"):
        attachment = Attachment.objects.get()
        assert attachment.file.name.startswith("t_alfa_kopia/proposals/")
        assert attachment.file.storage.exists(attachment.file.name)

    # Public rows: the copy's own primary domain only, staff roles and terms; residents'
    # follows, inbox entries and acceptances stay with the original.
    assert set(Domain.objects.filter(tenant=copy).values_list("domain", "is_primary")) == {
        ("alfa-kopia.localhost", True)
    }
    assert "note: custom domain deltagande.alfa.test not copied: it belongs to alfa" in lines
    assert list(Membership.objects.filter(tenant=copy).values_list("user__email", "role")) == [
        ("bob@example.org", "admin")
    ]
    assert TenantTerms.objects.get(tenant=copy).text_sv == "Var schysst."
    assert not Follow.objects.filter(tenant=copy).exists()
    assert not Notification.objects.filter(tenant=copy).exists()
    assert not TermsAcceptance.objects.filter(tenant=copy).exists()
    assert copy.logo.name == "public/branding/alfa-kopia/logo.png"
    assert (copy.name_sv, copy.status) == (tenant.name_sv, tenant.status)
    # The portal, search and participation are rebuilt from the copy's schema.
    assert public_counts(copy) == public_counts(tenant)
    assert public_counts(copy)["catalog"] > 0 and public_counts(copy)["search"] > 0
    verbs = list(PlatformEvent.objects.order_by("pk").values_list("verb", "tenant_slug"))
    assert verbs[-2:] == [("tenant.backup", "alfa"), ("tenant.restore", "alfa-kopia")]


def test_it_restores_a_deleted_tenant_under_its_own_slug(make_tenant, cleanup, tmp_path):
    cleanup += ["alfa"]
    tenant = make_tenant("alfa", extra_domains=("deltagande.alfa.test",))
    people = fill_tenant(tenant)
    before = public_counts(tenant)
    original_files = media_files("t_alfa")
    follows = list(
        Follow.objects.filter(tenant=tenant).values_list("user__email", "key", "created")
    )
    inbox = list(Notification.objects.filter(tenant=tenant).values_list("user__email", "created"))
    assert follows and inbox
    archive = tmp_path / "alfa.tar"
    out = io.StringIO()
    call_command("tenant_backup", "alfa", str(archive), stdout=out)
    # Every table of the schema (their number grows with the tenant apps).
    tables = len(checksums("t_alfa"))
    assert re.search(rf"Backed up alfa to .*: {tables} tables, \d+ rows, 3 files", out.getvalue())
    assert tarfile.is_tarfile(archive)
    manifest_tables = checksums("t_alfa")

    # What deleting the tenant leaves: no schema, no public rows, no files.
    drop_schemas("t_alfa")
    Tenant.objects.filter(pk=tenant.pk).delete()
    remove_media("alfa")
    assert not Membership.objects.exists() and not CatalogEntry.objects.exists()

    out = io.StringIO()
    call_command("tenant_restore", str(archive), stdout=out)
    restored = Tenant.objects.get(slug="alfa")
    assert "Restored alfa (schema t_alfa)" in out.getvalue()

    assert restored.slug == "alfa" and restored.pk != tenant.pk
    assert checksums("t_alfa") == manifest_tables  # every table, no exceptions
    assert media_files("t_alfa") == original_files
    assert restored.logo.name == "public/branding/alfa/logo.png"
    assert set(Domain.objects.filter(tenant=restored).values_list("domain", "is_primary")) == {
        ("alfa.localhost", True),
        ("deltagande.alfa.test", False),
    }
    assert Membership.objects.filter(tenant=restored, user=people["bob"], role="admin").exists()
    assert TermsAcceptance.objects.filter(tenant=restored, user=people["alice"]).exists()
    restored_follows = Follow.objects.filter(tenant=restored)
    assert list(restored_follows.values_list("user__email", "key", "created")) == follows
    assert (
        list(Notification.objects.filter(tenant=restored).values_list("user__email", "created"))
        == inbox
    )
    assert restored.created == tenant.created
    assert public_counts(restored) == before
    event = PlatformEvent.objects.filter(verb="tenant.restore").get()
    assert event.actor_label == "command" and event.details["as_copy"] is False


def test_an_archive_older_than_the_code_is_migrated_after_loading(make_tenant, cleanup, tmp_path):
    cleanup += ["alfa", "gamla"]
    tenant = make_tenant("alfa")
    # The archive's schema lacks the last action-log migration (it only replaces a
    # function, so the tables are those of the code base).
    with schema_context("t_alfa"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM django_migrations WHERE app = 'actionlog' "
                "AND name = '0003_allow_erasing_target'"
            )
    archive = tmp_path / "alfa.tar.gz"
    backup_tenant(tenant, archive, by="test")
    lines: list[str] = []

    restore_tenant(archive, as_slug="gamla", by="test", progress=lines.append)

    assert any("1 migrations newer than the archive" in line for line in lines)
    with schema_context("t_gamla"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM django_migrations WHERE app = 'actionlog' "
                "AND name = '0003_allow_erasing_target'"
            )
            assert cursor.fetchone()[0] == 1
    assert schema_exists("t_alfa")
