"""The API's readable documentation at /api/docs/: drawn from the same OpenAPI schema
that /api/schema/ serves, as a plain page (no JavaScript, both languages), so it can
never describe an API other than the one that runs."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

URLCONF = "config.urls_public"
SETTINGS = {
    "TITLE": "Torget city API",
    "DESCRIPTION": (
        "Read-only open data of the city's participation platform: the administrations "
        "and companies that take part, and their processes, open calls for ideas, open "
        "votes, meetings and the city-wide e-proposals with their statistics. No personal data."
    ),
}
TENANT_URLCONF = "config.urls_tenants"
TENANT_SETTINGS = {
    "TITLE": "Torget administration API",
    "DESCRIPTION": (
        "Read-only open data of one administration or company: its processes with their "
        "phases and components, the proposals and the budget projects. No personal data."
    ),
}
METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=8)
def api_schema(urlconf: str, language: str) -> dict[str, Any]:
    """An API's OpenAPI schema (built once per process, API and language)."""
    settings = SETTINGS if urlconf == URLCONF else TENANT_SETTINGS
    with patched_settings(settings):
        return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)


def _type_of(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    return str(schema.get("type", "object"))


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _type_of(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                }
            )
    return operations


def docs(request: HttpRequest) -> HttpResponse:
    """The docs of the API of the host asked: the city's on the portal, the tenant's own
    on a tenant host."""
    tenant = getattr(request, "tenant", None)
    on_portal = tenant is None or tenant.is_public
    urlconf = URLCONF if on_portal else TENANT_URLCONF
    return render(
        request,
        "portal/api_docs.html",
        {
            "title": _("The city's open API") if on_portal else _("Open API"),
            "on_portal": on_portal,
            "operations": _operations(api_schema(urlconf, get_language() or "sv")),
            "example": request.build_absolute_uri(
                "/api/v1/processes/?status=active" if on_portal else "/api/v1/processes/"
            ),
        },
    )
