"""Schemathesis fuzzes the public APIs (the portal's and a tenant's) from their own
OpenAPI schemas, through a live server with real data: no generated request may cause a
server error, and every 200 must match the schema."""

from __future__ import annotations

from typing import Any

import schemathesis
from django.test import Client
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenant_apps.spaces.actions import set_space_published
from tests.browser.test_journeys import tenant_url
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import LIVE_DB
from tests.proposals.factories import make_proposal, make_proposals_component
from tests.spaces.factories import make_process

pytestmark = [LIVE_DB]


def fuzz(raw_schema: dict[str, Any], base_url: str, host: str | None = None) -> int:
    """Call every operation with generated requests (to `host`, when given, through
    `base_url`: Python does not resolve *.localhost); return how many operations."""
    headers = {"Host": host} if host else None
    loaded = schemathesis.openapi.from_dict(raw_schema)
    operations = [result.ok() for result in loaded.get_all_operations()]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            response = case.call(base_url=base_url, headers=headers)
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code == 200:
                case.validate_response(response, checks=[response_schema_conformance])

        call()
    return len(operations)


def test_no_request_makes_a_server_error(
    live_server: Any, tenant_a: Any, bob: Any, alice: Any
) -> None:
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        set_space_published(make_process("parken", published=False), True, by=bob)
        make_proposal(make_proposals_component(), alice, "Fler bänkar")
        make_project(make_budget(make_budgets_component()), "Lekplats", 300_000)
    portal = Client().get("/api/schema/?format=json", HTTP_HOST="localhost").json()
    assert fuzz(portal, live_server.url) >= 10
    tenant = Client().get("/api/schema/?format=json", HTTP_HOST="alfa.localhost").json()
    host = tenant_url(live_server, "alfa", "").split("//", 1)[1].rstrip("/")
    assert fuzz(tenant, live_server.url, host=host) >= 6
