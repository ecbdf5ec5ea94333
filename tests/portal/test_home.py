"""The portal home: votes first, then calls for ideas, processes by phase, this week's
meetings; a query budget that stays the same with more tenants and entries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.portal.factories import make_entry

pytestmark = pytest.mark.django_db


def test_it_shows_votes_then_calls_then_processes_by_phase_then_meetings(client, tenant_a):
    today = date.today()
    make_entry(tenant_a, "p1", title_sv="Processen Ett", phase_sv="Idéer", phase_en="Ideas")
    make_entry(tenant_a, "p2", title_sv="Processen Två", phase_sv="Omröstning")
    make_entry(tenant_a, "v", kind="vote", title_sv="Rösta om parken")
    make_entry(tenant_a, "c", kind="call_for_ideas", title_sv="Lämna idéer")
    make_entry(tenant_a, "m", kind="meeting", title_sv="Dialogmöte", starts=today, ends=today)
    make_entry(
        tenant_a,
        "m-later",
        kind="meeting",
        title_sv="Möte om en månad",
        starts=today + timedelta(days=30),
        ends=today + timedelta(days=30),
    )
    make_entry(tenant_a, "old", title_sv="Avslutad", ends=today - timedelta(days=1))
    body = client.get("/", HTTP_HOST="localhost").content.decode()
    order = ["Rösta om parken", "Lämna idéer", "Idéer", "Processen Ett", "Omröstning"]
    order += ["Processen Två", "Dialogmöte"]
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Möte om en månad" not in body
    assert "Avslutad" not in body
    assert "http://alfa.localhost/processes/v/" in body


def test_its_query_budget_does_not_grow_with_tenants_or_entries(
    client, make_tenant, django_assert_max_num_queries
):
    today = date.today()
    client.get("/", HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as few:
        client.get("/", HTTP_HOST="localhost")
    # Read at once: the next request empties the connection's query log.
    budget = len(few)
    assert budget <= 10
    for slug in ("alfa", "beta", "gamma"):
        tenant = make_tenant(slug)
        for number in range(15):
            make_entry(tenant, f"p{number}", phase_sv=f"Fas {number % 3}")
            make_entry(tenant, f"v{number}", kind="vote")
            make_entry(tenant, f"c{number}", kind="call_for_ideas")
            make_entry(tenant, f"m{number}", kind="meeting", starts=today, ends=today)
    client.get("/", HTTP_HOST="localhost")  # new tenants: the host is looked up again
    with django_assert_max_num_queries(budget):
        client.get("/", HTTP_HOST="localhost")


def test_it_shows_the_eproposals_open_for_support_closing_first(client, portal):
    from tests.eproposals.factories import make_eproposal

    make_eproposal(title="Stänger snart", days_left=3)
    make_eproposal(title="Stänger senare", days_left=40)
    make_eproposal(title="Väntar på granskning", status="pending")
    body = client.get("/", HTTP_HOST="localhost").content.decode()
    assert body.index("Stänger snart") < body.index("Stänger senare")
    assert "Väntar på granskning" not in body
    assert "/e-proposals/new/" in body
