"""The portal's public read-only API (/api/v1/ on the city's domain; OpenAPI at
/api/schema/, readable docs at /api/docs/).

Like the portal pages it reads only public tables (tenants and the catalog), so a request
costs the same with 5 tenants or 500. Nothing personal is ever served. Requests are
checked strictly: an unknown query parameter, an unknown value of a known one or an
unknown field asked for in `fields` is a 400 that names the problem, never a silent
default; a page past the end is an empty page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, views, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from shared_apps.portal.models import CatalogEntry
from shared_apps.search.models import SearchDocument
from shared_apps.search.queries import MAX_PAGE, search
from shared_apps.vocabularies.models import Area, Category
from tenants.links import tenant_url
from tenants.models import Tenant

STATUSES = ("active", "upcoming", "past")
MAX_QUERY_LENGTH = 200
TEXT_SCHEMA = {
    "type": "object",
    "properties": {"sv": {"type": "string"}, "en": {"type": "string"}},
    "required": ["sv", "en"],
}


def _both(obj: Any, field: str) -> dict[str, str]:
    return {"sv": getattr(obj, f"{field}_sv") or "", "en": getattr(obj, f"{field}_en") or ""}


@extend_schema_field(TEXT_SCHEMA)
class TextField(serializers.Field):
    """A text in both languages: {"sv": "...", "en": "..."} (English may be empty)."""

    def __init__(self, field: str, **kwargs: Any) -> None:
        self.text_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        return _both(value, self.text_field)


def status_of(entry: CatalogEntry, today: date) -> str:
    if entry.starts and entry.starts > today:
        return "upcoming"
    if entry.ends and entry.ends < today:
        return "past"
    return "active"


class Pagination(PageNumberPagination):
    """Pages of 50 (at most 200 with `page_size`); a page past the end is empty, and a
    page that is not a positive whole number is a 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        raw = request.query_params.get(self.page_query_param, "1")
        size = request.query_params.get(self.page_size_query_param)
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError({"page": [_("Give the page as a whole number from 1.")]})
        if size is not None and (not size.isdigit() or not 1 <= int(size) <= self.max_page_size):
            raise ValidationError(
                {"page_size": [_("Give a page size from 1 to %(max)s.") % {"max": 200}]}
            )
        self.request = request
        page_size = self.get_page_size(request) or self.page_size
        paginator = self.django_paginator_class(queryset, page_size)
        number = min(int(raw), max(paginator.num_pages, 1))
        self.page = paginator.page(number)
        if int(raw) > paginator.num_pages:
            self.past_end = True
            return []
        self.past_end = False
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        if getattr(self, "past_end", False):
            response.data["next"] = None
        return response


class StrictQuery:
    """Refuse unknown query parameters and unknown `fields`, naming what is allowed."""

    filters: tuple[str, ...] = ()
    request: Request

    def known_parameters(self) -> set[str]:
        return {"page", "page_size", "fields", "format", *self.filters}

    def check_query(self, request: Request) -> None:
        unknown = sorted(set(request.query_params) - self.known_parameters())
        if unknown:
            raise ValidationError(
                {
                    "detail": _("Unknown parameter: %(names)s. Known: %(known)s.")
                    % {
                        "names": ", ".join(unknown),
                        "known": ", ".join(sorted(self.known_parameters())),
                    }
                }
            )

        odd = sorted(
            name
            for name, values in request.query_params.lists()
            if any("\x00" in value for value in values)
        )
        if odd:
            # PostgreSQL text cannot hold NUL: refuse it here rather than fail there.
            raise ValidationError(
                {
                    "detail": _("Not allowed in %(names)s: a NUL character.")
                    % {"names": ", ".join(odd)}
                }
            )

    def requested_fields(self, available: Iterable[str]) -> list[str] | None:
        raw = self.request.query_params.get("fields")
        if raw is None:
            return None
        names = [name.strip() for name in raw.split(",") if name.strip()]
        unknown = [name for name in names if name not in set(available)]
        if unknown or not names:
            raise ValidationError(
                {
                    "fields": [
                        _("Unknown field: %(names)s. Known: %(known)s.")
                        % {"names": ", ".join(unknown) or "–", "known": ", ".join(available)}
                    ]
                }
            )
        return names


class SparseSerializer(serializers.Serializer):
    """Drops the fields not asked for in `?fields=a,b`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = self.context.get("fields")
        if wanted is not None:
            for name in set(self.fields) - set(wanted):
                self.fields.pop(name)


class TenantRef(serializers.Serializer):
    slug = serializers.CharField()
    name = TextField("name")


class TenantSerializer(SparseSerializer):
    slug = serializers.CharField()
    name = TextField("name")
    kind = serializers.CharField()
    url = serializers.SerializerMethodField()
    active_processes = serializers.IntegerField(read_only=True)

    def get_url(self, tenant: Tenant) -> str:
        return tenant_url(self.context["request"], tenant)


class PhaseSerializer(serializers.Serializer):
    title = TextField("phase")
    starts = serializers.DateField(source="phase_starts", allow_null=True)
    ends = serializers.DateField(source="phase_ends", allow_null=True)


class EntrySerializer(SparseSerializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    tenant = TenantRef()
    title = TextField("title")
    summary = TextField("summary")
    phase = serializers.SerializerMethodField()
    starts = serializers.DateField(allow_null=True)
    ends = serializers.DateField(allow_null=True)
    status = serializers.SerializerMethodField()
    areas = serializers.ListField(child=serializers.CharField())
    categories = serializers.ListField(child=serializers.CharField())
    url = serializers.SerializerMethodField()

    @extend_schema_field(PhaseSerializer(allow_null=True))
    def get_phase(self, entry: CatalogEntry) -> dict[str, Any] | None:
        if not (entry.phase_sv or entry.phase_en):
            return None
        return dict(PhaseSerializer(entry).data)

    @extend_schema_field({"type": "string", "enum": list(STATUSES)})
    def get_status(self, entry: CatalogEntry) -> str:
        return status_of(entry, self.context["today"])

    def get_url(self, entry: CatalogEntry) -> str:
        return tenant_url(self.context["request"], entry.tenant, entry.path)


class PortalThrottle(AnonRateThrottle):
    """Generous for open-data users, a brake for runaway scripts (per IP address)."""

    rate = "600/min"


class _ReadOnly(StrictQuery, viewsets.ReadOnlyModelViewSet):
    # Public data: no session is read, so no cookie or CSRF token is involved.
    authentication_classes: list[Any] = []
    pagination_class = Pagination
    throttle_classes = [PortalThrottle]
    fields_of: tuple[str, ...] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.check_query(request)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "today": timezone.localdate(),
            "fields": self.requested_fields(self.fields_of),
        }


class TenantViewSet(_ReadOnly):
    """The city's administrations and companies that take part, with how many of their
    processes are active today."""

    serializer_class = TenantSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[a-z0-9-]+"
    fields_of = ("slug", "name", "kind", "url", "active_processes")

    def get_queryset(self) -> QuerySet[Any]:
        active = CatalogEntry.objects.filter(
            tenant=OuterRef("pk"), kind=CatalogEntry.Kind.PROCESS
        ).active(timezone.localdate())
        counted = active.order_by().values("tenant").annotate(n=Count("pk")).values("n")
        return (
            Tenant.objects.ready()
            .annotate(active_processes=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
            .order_by("name_sv", "pk")
        )


ENTRY_FILTERS = ("status", "tenant", "area", "category")


def _entry_parameters(default_status: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "status",
            OpenApiTypes.STR,
            enum=list(STATUSES),
            description=f"active, upcoming or past (default: {default_status or 'all'})",
        ),
        OpenApiParameter("tenant", OpenApiTypes.STR, description="a tenant's slug"),
        OpenApiParameter("area", OpenApiTypes.STR, description="an area's slug"),
        OpenApiParameter("category", OpenApiTypes.STR, description="a category's slug"),
        OpenApiParameter(
            "fields", OpenApiTypes.STR, description="a comma-separated subset of the fields"
        ),
    ]


class _EntryViewSet(_ReadOnly):
    serializer_class = EntrySerializer
    kinds: tuple[str, ...] = ()
    default_status = ""
    filters = ENTRY_FILTERS
    fields_of = (
        "id", "kind", "tenant", "title", "summary", "phase", "starts", "ends", "status",
        "areas", "categories", "url",
    )  # fmt: skip

    def get_queryset(self) -> QuerySet[CatalogEntry]:
        query = self.request.query_params
        entries = (
            CatalogEntry.objects.visible().filter(kind__in=self.kinds).select_related("tenant")
        )
        status = query.get("status", self.default_status)
        if status and status not in STATUSES:
            raise ValidationError({"status": [_("Choose active, upcoming or past.")]})
        if status:
            entries = getattr(entries, status)(timezone.localdate())
        if "tenant" in query:
            entries = entries.filter(tenant__slug=query["tenant"])
        for name, model, field in (("area", Area, "areas"), ("category", Category, "categories")):
            if name in query:
                if not model.objects.filter(slug=query[name]).exists():
                    raise ValidationError(
                        {name: [_("There is no such %(name)s.") % {"name": name}]}
                    )
                entries = entries.filter(**{f"{field}__contains": [query[name]]})
        return entries.order_by("ends", "starts", "pk")


@extend_schema(parameters=_entry_parameters(""))
class ProcessViewSet(_EntryViewSet):
    """Participatory processes of every tenant, with their active phase; filter with
    `?status=active` for those running today."""

    kinds = (CatalogEntry.Kind.PROCESS,)


@extend_schema(parameters=_entry_parameters("active"))
class CallViewSet(_EntryViewSet):
    """Calls for ideas and proposals, open today unless `status` says otherwise."""

    kinds = (CatalogEntry.Kind.CALL_FOR_IDEAS,)
    default_status = "active"


@extend_schema(parameters=_entry_parameters("active"))
class VoteViewSet(_EntryViewSet):
    """Open votes (participatory budgets), open today unless `status` says otherwise."""

    kinds = (CatalogEntry.Kind.VOTE,)
    default_status = "active"


@extend_schema(parameters=_entry_parameters("upcoming"))
class MeetingViewSet(_EntryViewSet):
    """Meetings of every tenant, upcoming unless `status` says otherwise."""

    kinds = (CatalogEntry.Kind.MEETING,)
    default_status = "upcoming"


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    tenant = TenantRef()
    title = serializers.CharField(help_text="HTML: escaped text, matches in <mark>")
    snippet = serializers.CharField(help_text="HTML: escaped text, matches in <mark>")
    language = serializers.CharField(help_text="the language of title and snippet: sv or en")
    fuzzy = serializers.BooleanField(help_text="a close match (spelling), not a word match")
    url = serializers.CharField()


class SearchView(StrictQuery, views.APIView):
    """City-wide search over every tenant's public content (processes, proposals, budget
    projects, pages): `?q=cykelbana`, with `tenant`, `area`, `kind`, `language` (sv or
    en: which text to show) and `page` (20 a page, at most 50 pages)."""

    authentication_classes: list[Any] = []
    throttle_classes = [PortalThrottle]
    filters = ("q", "tenant", "area", "kind", "language")

    def known_parameters(self) -> set[str]:
        return {"page", "format", *self.filters}

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="the words"),
            OpenApiParameter("tenant", OpenApiTypes.STR, description="a tenant's slug"),
            OpenApiParameter("area", OpenApiTypes.STR, description="an area's slug"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=list(SearchDocument.Kind.values)),
            OpenApiParameter("language", OpenApiTypes.STR, enum=["sv", "en"]),
            OpenApiParameter("page", OpenApiTypes.INT, description=f"1 to {MAX_PAGE}"),
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "results": SearchHitSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        self.check_query(request)
        query = request.query_params
        q = query.get("q", "").strip()
        if not q or len(q) > MAX_QUERY_LENGTH:
            raise ValidationError({"q": [_("Give 1 to 200 characters to search for.")]})
        kind = query.get("kind") or None
        if kind is not None and kind not in SearchDocument.Kind.values:
            raise ValidationError({"kind": [_("There is no such kind.")]})
        language = query.get("language", "sv")
        if language not in ("sv", "en"):
            raise ValidationError({"language": [_("Choose sv or en.")]})
        raw_page = query.get("page", "1")
        if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
            raise ValidationError(
                {
                    "page": [
                        _("Give the page as a whole number from 1 to %(max)s.") % {"max": MAX_PAGE}
                    ]
                }
            )
        found = search(
            q,
            tenant=query.get("tenant") or None,
            area=query.get("area") or None,
            kind=kind,
            language=language,
            page=int(raw_page),
        )
        tenants = {
            tenant.pk: tenant
            for tenant in Tenant.objects.filter(
                pk__in={hit.document.tenant_id for hit in found.hits}
            )
        }
        rows = [
            {
                "kind": hit.document.kind,
                "tenant": tenants[hit.document.tenant_id],
                "title": str(hit.title),
                "snippet": str(hit.snippet),
                "language": hit.title_language,
                "fuzzy": found.fuzzy,
                "url": tenant_url(request, tenants[hit.document.tenant_id], hit.document.path),
            }
            for hit in found.hits
            if hit.document.tenant_id in tenants
        ]
        return Response(
            {
                "count": found.count,
                "page": found.page,
                "pages": found.pages,
                "results": SearchHitSerializer(rows, many=True).data,
            }
        )
