"""A stand-in "vote" component for identity tests, until the budgets component exists:
its page shows the ballot when check_action allows voting and the take-part notice when
not. It is registered only for the tests that ask for the `ballot_type` fixture."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import clear_url_caches, path

from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.permissions import check_action
from tenant_apps.spaces.registry import ComponentType, Setting, registry

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}Ballot{% endblock %}{% block content %}
<h1>{{ component.name.text }}</h1>
{% include "verification/_take_part.html" with action="vote" %}
{% if answer.allowed %}<p id="ballot-open">Your ballot is open.</p>{% endif %}
{% endblock %}"""
)


def ballot(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_user(request, space_kind, space_slug, component_id, "testballot")
    answer = check_action(request.user, component, "vote")
    return HttpResponse(PAGE.render({"component": component, "answer": answer}, request))


urlpatterns = [path("", ballot, name="ballot")]


def _reload_urls() -> None:
    for module in ("tenant_apps.spaces.urls", "config.urls_tenants"):
        importlib.reload(importlib.import_module(module))
    clear_url_caches()


def register_ballot_type() -> Iterator[ComponentType]:
    component_type = registry.register(
        ComponentType(
            name="testballot",
            label="Test ballot",
            phase_settings=(Setting("votes_enabled", "bool", True),),
            actions={"vote": "votes_enabled"},
            urls="tests.identity.ballot",
        )
    )
    _reload_urls()
    try:
        yield component_type
    finally:
        registry.unregister("testballot")
        _reload_urls()
