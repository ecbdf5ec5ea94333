"""Documents written straight into the index, for tests of the query and the page."""

from __future__ import annotations

from typing import Any

from shared_apps.search.index import Document, put_document
from tenants.models import Tenant


def add_document(tenant: Tenant, key: str, title_sv: str, **fields: Any) -> None:
    """Index one document of `tenant` (kind "process" unless told otherwise)."""
    fields.setdefault("kind", "process")
    fields.setdefault("path", f"/processes/{key.replace(':', '-')}/")
    put_document(
        tenant,
        fields.pop("space_key", "process:1"),
        Document(key=key, title_sv=title_sv, **fields),
    )
