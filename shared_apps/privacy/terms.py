"""Whether a resident has accepted the current tenant's terms of participation."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from shared_apps.privacy.models import TenantTerms, TermsAcceptance
from tenants.models import current_tenant


def has_accepted_terms(user: Any) -> bool:
    """Return True unless the connection's tenant has terms whose current version the
    signed-in `user` has not accepted (one query)."""
    tenant = current_tenant()
    if tenant is None:
        return True
    terms = (
        TenantTerms.objects.filter(tenant=tenant)
        .annotate(
            accepted=Exists(
                TermsAcceptance.objects.filter(
                    user=user, tenant=tenant, version=OuterRef("version")
                )
            )
        )
        .values_list("accepted", flat=True)
        .first()
    )
    return terms is None or bool(terms)
