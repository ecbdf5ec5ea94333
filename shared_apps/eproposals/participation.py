"""E-proposals in residents' "my participation" page (shared_apps.participation).

The rows are filed under the portal's own tenant (e-proposals are city-wide), with the
e-proposal's path on the portal: kind "eproposal" for the proposer, "eproposal_support"
while a support stands. `rows()` is empty: the rebuild command walks tenant schemas,
and e-proposals live in public, where these actions keep the index current.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from shared_apps.eproposals.models import EProposal
from shared_apps.participation import actions
from shared_apps.participation.kinds import Kind, Row, registry
from tenants.actions import ensure_public_tenant
from tenants.models import Tenant

SUBMITTED = "eproposal"
SUPPORTED = "eproposal_support"


def _portal() -> Tenant:
    # Created with the portal's domain by ensure_public_tenant (seed, onboarding set-up).
    return Tenant.objects.portal() or ensure_public_tenant()


def noted(user: Any, kind: str, eproposal: EProposal) -> None:
    """Note the resident's e-proposal or support; call inside the action's transaction."""
    actions.record(
        user,
        kind,
        eproposal.follow_key,
        title_sv=eproposal.title,
        title_en=eproposal.title,
        path=eproposal.get_absolute_url(),
        tenant=_portal(),
    )


def forgotten(user: Any, kind: str, eproposal: EProposal) -> None:
    actions.forget(user, kind, eproposal.follow_key, tenant=_portal())


def _no_rows() -> Iterator[Row]:
    return iter(())


def register_all() -> None:
    registry.register(Kind(SUBMITTED, _("Your e-proposals"), position=15, rows=_no_rows))
    registry.register(Kind(SUPPORTED, _("E-proposals you support"), position=25, rows=_no_rows))
