"""E-proposals in the city-wide search index (shared_apps.search), under the portal's
own tenant: a published e-proposal is found like any process or proposal, and the
submit form shows similar ones from the same index before a duplicate is written."""

from __future__ import annotations

from shared_apps.eproposals.models import EProposal
from shared_apps.search.index import Document, put_document, remove_documents
from tenants.actions import ensure_public_tenant
from tenants.models import Tenant

SPACE_KEY = "eproposals"


def _portal() -> Tenant:
    # Created with the portal's domain by ensure_public_tenant (seed, onboarding set-up).
    return Tenant.objects.portal() or ensure_public_tenant()


def index(eproposal: EProposal) -> None:
    """Put the e-proposal in the index, or take it out when the public must not find it."""
    key = f"eproposal:{eproposal.pk}"
    if eproposal.status in (*EProposal.UNPUBLISHED, EProposal.Status.WITHDRAWN):
        remove_documents(_portal(), [key])
        return
    put_document(
        _portal(),
        SPACE_KEY,
        Document(
            key=key,
            kind="eproposal",
            title_sv=eproposal.title,
            body_sv=eproposal.body,
            path=eproposal.get_absolute_url(),
            areas=[eproposal.area.slug] if eproposal.area else [],
            published=eproposal.published_at,
            updated=eproposal.modified,
        ),
    )
