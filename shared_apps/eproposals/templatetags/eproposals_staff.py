"""The "E-proposals" entry of a tenant's staff navigation (templates/manage/base.html)."""

from __future__ import annotations

from typing import Any

from django import template

from shared_apps.eproposals.access import can_answer
from shared_apps.eproposals.models import EProposal

register = template.Library()


@register.simple_tag(takes_context=True)
def eproposals_awaiting(context: Any) -> int | None:
    """Return how many e-proposals await this tenant's answer, or None for a user who
    does not answer for it (the link is then left out). One query, for those who do."""
    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    if request is None or not can_answer(request.user, tenant):
        return None
    return (
        EProposal.objects.in_queue_of(tenant).filter(status__in=EProposal.AWAITING_ANSWER).count()
    )
