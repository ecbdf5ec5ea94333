"""Public statistics of e-proposals: the city's totals and one row per administration,
each computed in one aggregate query whatever the number of e-proposals.

Optionally for one year: the e-proposals *submitted* that year (local time), so every
figure of a year describes the same e-proposals, whenever they were decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.aggregates import Aggregate
from django.db.models.functions import ExtractYear
from django.utils import timezone

from shared_apps.eproposals.models import EProposal, EProposalQuerySet
from tenants.models import Tenant

S = EProposal.Status

# The figures, in the order the page and the API show them.
FIGURES = (
    "submitted",
    "published",
    "over_threshold",
    "decided",
    "approved",
    "carried_out",
    "closed",
    "open",
    "awaiting",
    "overdue",
)
TENANT_FIGURES = ("routed", "over_threshold", "decided", "carried_out", "overdue")


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5) over an interval: with an even number of
    values, the mean of the two middle ones."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


# From reaching the threshold to the decision: the time the city took to answer.
_TO_DECISION = ExpressionWrapper(F("decided_at") - F("threshold_reached_at"), DurationField())

# Published at some point (a proposal withdrawn while awaiting review never was).
PUBLISHED = Q(published_at__isnull=False) & ~Q(status__in=EProposal.UNPUBLISHED)


def public_eproposals() -> EProposalQuerySet:
    """Return the e-proposals anyone may read in lists, the API and open data."""
    return EProposal.objects.filter(PUBLISHED)


def _figures(today: date) -> dict[str, Any]:
    now = timezone.now()
    return {
        "submitted": Count("pk"),
        "published": Count("pk", filter=PUBLISHED),
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
        "open": Count(
            "pk", filter=Q(status=S.OPEN) & (Q(support_ends__isnull=True) | Q(support_ends__gt=now))
        ),
        "awaiting": Count("pk", filter=Q(status__in=EProposal.AWAITING_ANSWER)),
        "overdue": Count(
            "pk", filter=Q(status__in=EProposal.AWAITING_ANSWER, answer_due__lt=today)
        ),
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

    def __getattr__(self, name: str) -> Any:
        # row.decided in templates: the figures by name.
        figures = self.__dict__.get("figures") or {}
        if name in figures:
            return figures[name]
        raise AttributeError(name)


def _scope(queryset: EProposalQuerySet | None, year: int | None) -> EProposalQuerySet:
    queryset = queryset if queryset is not None else EProposal.objects.all()
    if year is not None:
        queryset = queryset.filter(created__year=year)
    return queryset


def city_figures(
    queryset: EProposalQuerySet | None = None, *, year: int | None = None, today: date | None = None
) -> Row:
    """Return the city's totals, in one query (of `queryset`, or submitted in `year`)."""
    figures = _scope(queryset, year).aggregate(**_figures(today or timezone.localdate()))
    return Row(tenant=None, figures=figures, overdue=figures["overdue"])


def per_tenant(
    queryset: EProposalQuerySet | None = None, *, year: int | None = None, today: date | None = None
) -> list[Row]:
    """Return one row per tenant responsible for an e-proposal now, in name order: one
    grouped query for the figures and one for the tenants."""
    figures = _figures(today or timezone.localdate())
    figures.pop("submitted")
    grouped = (
        _scope(queryset, year)
        .filter(tenant__isnull=False)
        .order_by()
        .values("tenant_id")
        .annotate(**figures, routed=Count("pk"))
    )
    by_tenant: dict[int, dict[str, Any]] = {row["tenant_id"]: dict(row) for row in grouped}
    tenants = Tenant.objects.filter(pk__in=by_tenant)
    return [
        Row(tenant=tenant, figures=by_tenant[tenant.pk], overdue=by_tenant[tenant.pk]["overdue"])
        for tenant in sorted(tenants, key=lambda t: (t.name, t.pk))
    ]


def years() -> list[int]:
    """Return the years in which e-proposals were submitted, newest first (one query)."""
    return list(
        EProposal.objects.order_by()
        .annotate(year=ExtractYear("created"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
