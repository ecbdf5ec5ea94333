"""A tenant with real content for the backup tests, and ways to compare two schemas.

Backups run pg_dump and psql in other processes, so these tests commit (LIVE_DB) and
clean up what they made: schemas, media files and private files.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image
from psycopg import sql

from shared_apps.accounts.models import Membership
from shared_apps.participation.actions import rebuild_tenant as rebuild_participation
from shared_apps.privacy.models import TenantTerms, TermsAcceptance
from tenant_apps.budgets.models import Ballot, BallotChoice
from tenant_apps.comments.actions import post_comment
from tenant_apps.proposals.actions import create_proposal
from tenant_apps.spaces.catalog import rebuild_tenant_catalog
from tenant_apps.spaces.search import rebuild_tenant_search
from tenants.backup import fingerprint, pgtools
from tenants.models import Tenant
from tenants.roles import grant_role
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import make_user
from tests.proposals.factories import make_proposals_component
from tests.spaces.factories import make_component, make_process


def png(colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def fill_tenant(tenant: Tenant) -> dict[str, Any]:
    """Give the tenant staff, terms, a logo, and a process with phases and components:
    proposals with an image and comments, a budget with projects and ballots."""
    alice = make_user("alice@example.org", "Alice Andersson")
    bob = make_user("bob@example.org", "Bob Berg")
    grant_role(tenant, bob, Membership.Role.ADMIN)
    TenantTerms.objects.create(tenant=tenant, text_sv="Var schysst.", text_en="Be nice.")
    for person in (alice, bob):
        TermsAcceptance.objects.create(user=person, tenant=tenant, version=1)
    tenant.logo.save("logo.png", ContentFile(png("navy")), save=True)
    with schema_context(tenant.schema_name):
        process = make_process("parken", phases=3, title_sv="Parken åt alla")
        process.hero_image.save("hero.png", ContentFile(png("olive")), save=True)
        make_component(process, "pages", name_sv="Så går det till")
        proposals = make_proposals_component(process)
        proposal = create_proposal(
            alice,
            proposals,
            {"title": "Bänkar vid dammen", "body": "Fler bänkar längs gångvägen, tack."},
            [SimpleUploadedFile("park.png", png(), "image/png")],
        )
        first = post_comment(bob, proposals, "proposal", proposal.pk, body="Bra idé – vi tittar.")
        post_comment(alice, proposals, "proposal", proposal.pk, body="Tack!", parent=first)
        budgets = make_budgets_component(process)
        budget = make_budget(budgets, amount=1000)
        projects = [make_project(budget, f"Projekt {n}", cost) for n, cost in enumerate((600, 400))]
        for number, chosen in enumerate([(0,), (1,), (0, 1)]):
            ballot = Ballot.objects.create(
                budget=budget,
                status="submitted",
                user=alice if number == 0 else None,
                receipt_code=f"ABCD-EFGH-{number:04d}",
                submitted_at=timezone.now() - timedelta(hours=number),
            )
            for rank, index in enumerate(chosen, start=1):
                BallotChoice.objects.create(
                    ballot=ballot, project=projects[index], points=rank, rank=rank
                )
    connection.set_schema_to_public()
    # The factories write no catalog or search rows (the actions do): make the original's
    # public indexes what its schema says, as a restore will.
    rebuild_tenant_catalog(tenant)
    rebuild_tenant_search(tenant)
    with schema_context(tenant.schema_name):
        rebuild_participation(tenant)
    return {"alice": alice, "bob": bob, "proposal": proposal.pk}


def checksums(schema: str) -> dict[str, dict[str, Any]]:
    with pgtools.connect() as conn:
        return fingerprint.schema_checksums(conn, schema)


def sequences(schema: str) -> dict[str, int | None]:
    with pgtools.connect() as conn:
        return fingerprint.sequences(conn, schema)


def checksums_with_files_renamed(schema: str, *, back_to: str) -> dict[str, dict[str, Any]]:
    """Return the checksums of a copy's tables as they were before its file fields were
    pointed at its own files (`<schema>/…` written back as `<back_to>/…`)."""
    sums = checksums(schema)
    columns: dict[str, list[str]] = {}
    for table, column in fingerprint.file_columns():
        columns.setdefault(table, []).append(column)
    with pgtools.connect() as conn:
        for table, names in columns.items():
            renamed = sql.SQL(" || ").join(
                sql.SQL("jsonb_build_object({n}, regexp_replace(t.{c}, {p}, {r}))").format(
                    n=sql.Literal(name),
                    c=sql.Identifier(name),
                    p=sql.Literal(f"^{schema}/"),
                    r=sql.Literal(f"{back_to}/"),
                )
                for name in names
            )
            query = sql.SQL(
                """
                SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), ''))
                FROM (SELECT md5((to_jsonb(t) || {r})::text) AS h FROM {s}.{t} AS t) AS x
                """
            ).format(r=renamed, s=sql.Identifier(schema), t=sql.Identifier(table))
            row = conn.execute(query).fetchone()
            assert row is not None
            sums[table] = {"rows": row[0], "checksum": row[1]}
    return sums


def media_files(prefix: str) -> dict[str, str]:
    """Return {path under the prefix: sha256} of the files stored under `prefix`."""
    root = Path(settings.MEDIA_ROOT) / prefix
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def drop_schemas(*names: str) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def remove_media(*slugs: str) -> None:
    media = Path(settings.MEDIA_ROOT)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    for slug in slugs:
        schema = Tenant.schema_name_for(slug)
        for folder in (
            media / schema,
            media / "public" / "branding" / slug,
            private / schema,
            private / "tenant-exports" / slug,
        ):
            shutil.rmtree(folder, ignore_errors=True)


class Slugs(list[str]):
    """Slugs whose schemas and files a test leaves. Adding one also removes the files
    an earlier test left under its prefixes (many tests commit uploads of tenant "alfa"),
    so an archive holds exactly what this test made."""

    def append(self, slug: str) -> None:
        remove_media(slug)
        super().append(slug)

    def __iadd__(self, slugs: Iterable[str]) -> Slugs:  # type: ignore[override,misc]
        for slug in slugs:
            self.append(slug)
        return self


@pytest.fixture
def cleanup() -> Iterator[Slugs]:
    """Collect slugs whose schemas and files the test leaves; remove them afterwards."""
    slugs = Slugs()
    yield slugs
    drop_schemas(*(Tenant.schema_name_for(slug) for slug in slugs))
    remove_media(*slugs)
