"""A stand-in commentable component for the comment tests, until proposals exist: a
"testdebate" component whose page is the topic residents comment on. It is registered
only for the tests that ask for the `debate_type` fixture (tests/comments/conftest.py)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import clear_url_caches, path

from tenant_apps.comments.queries import comment_section
from tenant_apps.comments.registry import CommentableType
from tenant_apps.comments.registry import registry as commentables
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.registry import ComponentType, Setting, registry

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}Debate{% endblock %}{% block content %}
<h1>{{ component.name.text }}</h1>
{% include "comments/_section.html" with section=comments %}
{% endblock %}"""
)


def debate(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_user(request, space_kind, space_slug, component_id, "testdebate")
    comments = comment_section(request, component, "testtopic", component)
    return HttpResponse(PAGE.render({"component": component, "comments": comments}, request))


urlpatterns = [path("", debate, name="debate")]


def _topic(component: Component, target_id: int) -> Any | None:
    """The topic of a debate is its component itself."""
    return component if component.pk == target_id and component.type == "testdebate" else None


def _reload_urls() -> None:
    for module in ("tenant_apps.spaces.urls", "config.urls_tenants"):
        importlib.reload(importlib.import_module(module))
    clear_url_caches()


def register_debate_type() -> Iterator[ComponentType]:
    component_type = registry.register(
        ComponentType(
            name="testdebate",
            label="Test debate",
            phase_settings=(Setting("comments_enabled", "bool", True),),
            actions={"comment": "comments_enabled"},
            urls="tests.comments.debate",
        )
    )
    commentables.register(CommentableType(name="testtopic", label="Topic", resolve=_topic))
    _reload_urls()
    try:
        yield component_type
    finally:
        commentables.unregister("testtopic")
        registry.unregister("testdebate")
        _reload_urls()
