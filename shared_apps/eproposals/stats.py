"""Public statistics of e-proposals: the city's totals and one row per administration,
each computed in one aggregate query whatever the number of e-proposals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.aggregates import Aggregate

from shared_apps.eproposals.models import EProposal, EProposalQuerySet
from tenants.models import Tenant

S = EProposal.Status


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5) over an interval."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


# From reaching the threshold to the decision: the time the city took to answer.
_TO_DECISION = ExpressionWrapper(F("decided_at") - F("threshold_reached_at"), DurationField())


def _figures() -> dict[str, Any]:
    published = ~Q(status__in=[S.PENDING, S.DECLINED])
    return {
        "submitted": Count("pk"),
        "published": Count("pk", filter=published),
        "over_threshold": Count("pk", filter=Q(threshold_reached_at__isnull=False)),
        "decided": Count("pk", filter=Q(status=S.DECIDED)),
        "approved": Count(
            "pk",
            filter=Q(
                status=S.DECIDED,
                decision__in=[EProposal.Decision.APPROVED, EProposal.Decision.PARTLY],
            ),
        ),
        "carried_out": Count("pk", filter=Q(carried_out_at__isnull=False)),
        "closed": Count("pk", filter=Q(status=S.CLOSED)),
        "open": Count("pk", filter=Q(status=S.OPEN)),
        "awaiting": Count("pk", filter=Q(status__in=EProposal.AWAITING_ANSWER)),
        "median_to_decision": Median(
            _TO_DECISION, filter=Q(status=S.DECIDED, threshold_reached_at__isnull=False)
        ),
    }


@dataclass(frozen=True)
class Row:
    tenant: Tenant | None
    figures: dict[str, Any]
    overdue: int = 0

    @property
    def median_days(self) -> float | None:
        value = self.figures.get("median_to_decision")
        return round(value / timedelta(days=1), 1) if value is not None else None


def city_figures(queryset: EProposalQuerySet | None = None) -> Row:
    """Return the city's totals (one query) and the number overdue (one more)."""
    queryset = queryset if queryset is not None else EProposal.objects.all()
    figures = queryset.aggregate(**_figures())
    return Row(tenant=None, figures=figures, overdue=queryset.overdue().count())


def per_tenant() -> list[Row]:
    """Return one row per tenant that has been responsible for an e-proposal, in name
    order: one grouped query for the figures and one for the tenants."""
    from django.utils import timezone

    figures = _figures()
    figures.pop("submitted")
    today = timezone.localdate()
    grouped = (
        EProposal.objects.filter(tenant__isnull=False)
        .values("tenant_id")
        .annotate(
            **figures,
            routed=Count("pk"),
            overdue=Count(
                "pk", filter=Q(status__in=EProposal.AWAITING_ANSWER, answer_due__lt=today)
            ),
        )
    )
    by_tenant: dict[int, dict[str, Any]] = {row["tenant_id"]: dict(row) for row in grouped}
    tenants = Tenant.objects.filter(pk__in=by_tenant)
    return [
        Row(tenant=tenant, figures=by_tenant[tenant.pk], overdue=by_tenant[tenant.pk]["overdue"])
        for tenant in sorted(tenants, key=lambda t: t.name)
    ]
