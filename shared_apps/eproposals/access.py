"""Who may do what with e-proposals, and the one fetch helper for each audience.

- City officers check, publish, route and moderate: platform operators, and anyone with
  the admin or moderator role in the portal's own (public) tenant. Their pages live
  under /ops/e-proposals/, so two-factor authentication is enforced like on all of /ops/.
- A tenant's admins and process admins answer the e-proposals routed to their tenant,
  on their own host under /manage/e-proposals/.

Every helper answers 404 for "missing" and "not yours" alike.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from shared_apps.accounts.models import Membership
from shared_apps.eproposals.models import EProposal
from tenants.models import Tenant

OFFICER_ROLES = frozenset({Membership.Role.ADMIN, Membership.Role.MODERATOR})
ANSWER_ROLES = frozenset({Membership.Role.ADMIN, Membership.Role.PROCESS_ADMIN})


def is_officer(user: Any) -> bool:
    """Return whether the user checks and routes e-proposals for the city."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    portal = Tenant.objects.portal()
    return bool(portal and user.roles_by_tenant().get(portal.pk, frozenset()) & OFFICER_ROLES)


def can_answer(user: Any, tenant: Tenant | None) -> bool:
    """Return whether the user records handling and decisions for `tenant`."""
    if tenant is None or tenant.is_public or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.roles_by_tenant().get(tenant.pk, frozenset()) & ANSWER_ROLES)


def officer_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 404 unless on the portal host and signed in as a city officer."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is None or not tenant.is_public or not is_officer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def get_public_eproposal(user: Any, pk: int) -> EProposal:
    """Return an e-proposal the user may see: a published one, or their own before
    publication (awaiting review or declined), or any for an officer."""
    eproposal = (
        EProposal.objects.select_related("area", "category", "tenant", "author")
        .filter(pk=pk)
        .first()
    )
    if eproposal is None:
        raise Http404
    if eproposal.is_public:
        return eproposal
    if getattr(user, "is_authenticated", False) and (
        eproposal.author_id == user.pk or is_officer(user)
    ):
        return eproposal
    raise Http404


def get_officer_eproposal(pk: int) -> EProposal:
    eproposal = EProposal.objects.select_related("area", "category", "tenant").filter(pk=pk).first()
    if eproposal is None:
        raise Http404
    return eproposal


def get_tenant_eproposal(user: Any, tenant: Tenant, pk: int) -> EProposal:
    """Return an e-proposal in the tenant's queue, for a user who answers for the tenant."""
    if not can_answer(user, tenant):
        raise Http404
    eproposal = (
        EProposal.objects.in_queue_of(tenant)
        .select_related("area", "category", "tenant")
        .filter(pk=pk)
        .first()
    )
    if eproposal is None:
        raise Http404
    return eproposal
