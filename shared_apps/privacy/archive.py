"""Build the archive of one resident's data: a JSON file per source and a README."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from shared_apps.privacy.registry import Row, Scope, registrations, serialize_rows, user_links
from shared_apps.privacy.schemas import tenants_with_schema
from tenants.models import Tenant

# Folder of the public schema's files in the archive (tenant files go under their slug).
PLATFORM_FOLDER = "platform"


def collect(user: Any, scope: Scope) -> dict[str, list[Row]]:
    """Return {file name: rows} for the current schema: every user-linked model, then
    every registered exporter of the scope. Sources without rows are left out."""
    sources: dict[str, list[Row]] = {}
    for link in user_links(scope):
        rows = serialize_rows(link.rows_of(user.pk))
        if rows:
            sources[f"{link.label}.json"] = rows
    for registration in registrations(scope):
        if registration.export is None:
            continue
        rows = list(registration.export(user))
        if rows:
            name = f"{registration.name}.json"
            sources[name] = sources.get(name, []) + rows
    return sources


def build_archive(user: Any, progress: Callable[[int, int], None]) -> bytes:
    """Return the zip archive of everything about `user` across public and every tenant.

    `progress(done, total)` is called after each schema, so a caller can show how far it
    got; there is one step for public and one per tenant schema.
    """
    tenants = tenants_with_schema()
    total = 1 + len(tenants)
    folders: list[tuple[str, Tenant | None, dict[str, list[Row]]]] = []
    with schema_context("public"):
        folders.append((PLATFORM_FOLDER, None, collect(user, Scope.PUBLIC)))
    progress(1, total)
    for done, tenant in enumerate(tenants, start=2):
        with schema_context(tenant.schema_name):
            folders.append((tenant.slug, tenant, collect(user, Scope.TENANT)))
        progress(done, total)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        listing = []
        for folder, owner, sources in folders:
            for name, rows in sorted(sources.items()):
                path = f"{folder}/{name}"
                archive.writestr(
                    path, json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
                )
                listing.append({"path": path, "tenant": owner, "count": len(rows)})
        with translation.override(user.preferred_language or "sv"):
            readme = render_to_string(
                "privacy/export_readme.txt",
                {"user": user, "files": listing, "created": timezone.localtime()},
            )
        archive.writestr("README.txt", readme)
    return buffer.getvalue()
