"""The city-wide search page on the portal host.

It reads only public tables (the index, tenants, areas), never tenant schemas; a page
costs the same few queries whatever the number of documents or tenants.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.translated import current_language
from shared_apps.search.forms import SearchForm
from shared_apps.search.queries import Results, search
from shared_apps.vocabularies.models import Area
from tenants.links import tenant_url
from tenants.models import Tenant


def search_page(request: HttpRequest) -> HttpResponse:
    """Show the results for `q`, filtered by tenant, area and type (GET, no JavaScript)."""
    language = current_language()
    tenants = [
        (slug, name_en if language == "en" and name_en else name_sv)
        for slug, name_sv, name_en in Tenant.objects.ready()
        .order_by("name_sv")
        .values_list("slug", "name_sv", "name_en")
    ]
    areas = [(area.slug, area.name) for area in Area.objects.all()]
    form = SearchForm(request.GET, tenants=tenants, areas=areas)
    if not form.is_valid():
        # A clear message rather than a guess: an unknown filter, a page out of range, an
        # over-long query.
        return render(request, "search/search.html", {"form": form, "results": None}, status=400)
    data = form.cleaned_data
    query = (data["q"] or "").strip()
    results: Results | None = None
    if query:
        results = search(
            query,
            tenant=data["tenant"] or None,
            area=data["area"] or None,
            kind=data["type"] or None,
            language=language,
            page=data["page"] or 1,
        )
    hits = [
        (hit, tenant_url(request, hit.document.tenant, hit.document.path))
        for hit in (results.hits if results else [])
    ]
    # The other pages' links keep the query and filters.
    kept = urlencode({name: data[name] for name in ("q", "tenant", "area", "type") if data[name]})
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "hits": hits,
            "kept": kept,
            "filtered": any(data[name] for name in ("tenant", "area", "type")),
            "query_only": urlencode({"q": query}),
            "first_number": ((results.page - 1) * results.page_size + 1) if results else 1,
        },
    )
