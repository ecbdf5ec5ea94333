"""E-proposals in the portal's open API (/api/v1/e-proposals/ on the city's domain).

Only published e-proposals (never one awaiting review or declined), with their support,
routing, answer and follow-up: what the e-proposal's page shows, minus the proposer.
The proposer's name is left out on purpose, as authors are everywhere in the API and the
open data (docs/api.md): a page stops showing the name when the account is deleted
(docs/privacy.md), but a copy taken through the API could not be called back.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, views
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.usertext import plain_excerpt
from shared_apps.eproposals import stats
from shared_apps.eproposals.models import BODY_MAX_LENGTH, EProposal, FollowUp
from shared_apps.portal.api import (
    MAX_QUERY_LENGTH,
    PortalThrottle,
    SparseSerializer,
    StrictQuery,
    TenantRef,
    TextField,
    _ReadOnly,
)
from shared_apps.vocabularies.models import Area, Category
from tenants.links import portal_url, tenant_url

S = EProposal.Status
PUBLIC_STATUSES = tuple(value for value in S.values if value not in EProposal.UNPUBLISHED)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def plain_text(text: str) -> str:
    """The resident's text without Markdown marks (words joined by single spaces)."""
    return plain_excerpt(text, BODY_MAX_LENGTH * 2)


def year_of(request: Request) -> int | None:
    raw = request.query_params.get("year")
    if raw is None:
        return None
    if not (raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR):
        raise ValidationError(
            {
                "year": [
                    _("Give the year as a number from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    return int(raw)


class TermSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = TextField("name")


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        source="decision", choices=EProposal.Decision.values, help_text="approved, partly, rejected"
    )
    text = serializers.CharField(source="decision_text")
    date = serializers.DateField(source="decision_date", allow_null=True)
    minutes_url = serializers.CharField(help_text="the official minutes (may be empty)")


class FollowUpSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FollowUp.Kind.values)
    tenant = TenantRef()
    title = TextField("title")
    url = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="a project's delivery status (may be empty)")

    def get_url(self, follow_up: FollowUp) -> str:
        return tenant_url(self.context["request"], follow_up.tenant, follow_up.path)


class EProposalSerializer(SparseSerializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    title = serializers.CharField(help_text="as the proposer wrote it (one language)")
    body = serializers.SerializerMethodField()
    area = TermSerializer(allow_null=True)
    category = TermSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=list(PUBLIC_STATUSES))
    supports = serializers.IntegerField(
        source="counted", help_text="the count the page shows: the final one once counting stopped"
    )
    final_count = serializers.IntegerField(allow_null=True)
    threshold = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(source="created")
    published_at = serializers.DateTimeField(allow_null=True)
    support_ends = serializers.DateTimeField(allow_null=True)
    threshold_reached_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    tenant = TenantRef(allow_null=True, help_text="the administration or company responsible")
    answer_due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue")
    decision = serializers.SerializerMethodField()
    carried_out_at = serializers.DateTimeField(allow_null=True)
    follow_ups = FollowUpSerializer(many=True)

    def get_url(self, eproposal: EProposal) -> str:
        return portal_url(self.context["request"], eproposal.get_absolute_url())

    def get_body(self, eproposal: EProposal) -> str:
        return plain_text(eproposal.body)

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, eproposal: EProposal) -> dict[str, Any] | None:
        if eproposal.status != S.DECIDED:
            return None
        return dict(DecisionSerializer(eproposal).data)


EPROPOSAL_FIELDS = tuple(EProposalSerializer().fields)
EPROPOSAL_FILTERS = ("status", "area", "category", "tenant", "year", "q")


@extend_schema(
    parameters=[
        OpenApiParameter("status", OpenApiTypes.STR, enum=list(PUBLIC_STATUSES)),
        OpenApiParameter("area", OpenApiTypes.STR, description="an area's slug"),
        OpenApiParameter("category", OpenApiTypes.STR, description="a category's slug"),
        OpenApiParameter("tenant", OpenApiTypes.STR, description="the responsible tenant's slug"),
        OpenApiParameter("year", OpenApiTypes.INT, description="submitted in this year"),
        OpenApiParameter(
            "q", OpenApiTypes.STR, description="words in the title or description (1–200)"
        ),
        OpenApiParameter(
            "fields", OpenApiTypes.STR, description="a comma-separated subset of the fields"
        ),
    ]
)
class EProposalViewSet(_ReadOnly):
    """The city's published e-proposals, newest first: support, the responsible
    administration, the answer and its follow-up. Never one awaiting review or declined,
    and never the proposer."""

    serializer_class = EProposalSerializer
    lookup_value_regex = r"[0-9]+"
    filters = EPROPOSAL_FILTERS
    fields_of = EPROPOSAL_FIELDS

    def get_queryset(self) -> QuerySet[EProposal]:
        query = self.request.query_params
        eproposals = (
            stats.public_eproposals()
            .select_related("area", "category", "tenant")
            .prefetch_related(
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.select_related("tenant").order_by("created", "pk"),
                )
            )
        )
        status = query.get("status")
        if status is not None:
            if status not in PUBLIC_STATUSES:
                raise ValidationError(
                    {
                        "status": [
                            _("Choose one of: %(names)s.") % {"names": ", ".join(PUBLIC_STATUSES)}
                        ]
                    }
                )
            eproposals = eproposals.filter(status=status)
        for name, model in (("area", Area), ("category", Category)):
            if name in query:
                if not model.objects.filter(slug=query[name]).exists():
                    raise ValidationError(
                        {name: [_("There is no such %(name)s.") % {"name": name}]}
                    )
                eproposals = eproposals.filter(**{f"{name}__slug": query[name]})
        if "tenant" in query:
            eproposals = eproposals.filter(tenant__slug=query["tenant"])
        year = year_of(self.request)
        if year is not None:
            eproposals = eproposals.filter(created__year=year)
        if "q" in query:
            words = query["q"].strip()
            if not words or len(words) > MAX_QUERY_LENGTH:
                raise ValidationError({"q": [_("Give 1 to 200 characters to search for.")]})
            eproposals = eproposals.filter(Q(title__icontains=words) | Q(body__icontains=words))
        return eproposals.order_by("-published_at", "-pk")


def _figures(row: stats.Row, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        **{name: row.figures[name] for name in names},
        "median_days_to_decision": row.median_days,
    }


class StatisticsView(StrictQuery, views.APIView):
    """The figures of the statistics page (/e-proposals/statistics/): the city's totals
    and one row per responsible administration or company; `year` for the e-proposals
    submitted that year. Median days run from reaching the supports to the decision."""

    authentication_classes: list[Any] = []
    throttle_classes = [PortalThrottle]
    filters = ("year",)

    def known_parameters(self) -> set[str]:
        return {"format", *self.filters}

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="submitted in this year")
        ],
        responses=inline_serializer(
            "EProposalStatistics",
            {
                "year": serializers.IntegerField(allow_null=True),
                "city": inline_serializer(
                    "EProposalCityFigures",
                    {
                        **{name: serializers.IntegerField() for name in stats.FIGURES},
                        "median_days_to_decision": serializers.FloatField(allow_null=True),
                    },
                ),
                "tenants": inline_serializer(
                    "EProposalTenantFigures",
                    {
                        "tenant": TenantRef(),
                        **{name: serializers.IntegerField() for name in stats.TENANT_FIGURES},
                        "median_days_to_decision": serializers.FloatField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        self.check_query(request)
        year = year_of(request)
        city = stats.city_figures(year=year)
        return Response(
            {
                "year": year,
                "city": _figures(city, stats.FIGURES),
                "tenants": [
                    {
                        "tenant": TenantRef(row.tenant).data,
                        **_figures(row, stats.TENANT_FIGURES),
                    }
                    for row in stats.per_tenant(year=year)
                ],
            }
        )
