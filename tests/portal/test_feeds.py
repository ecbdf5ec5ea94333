"""Atom feeds of new and open entries parse as Atom and link to the tenant hosts."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.portal.factories import make_entry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


def test_the_new_feed_lists_the_newest_first_with_stable_ids(client, tenant_a):
    make_entry(tenant_a, "first", title_sv="Första")
    make_entry(tenant_a, "second", title_sv="Andra <&>")
    root = _feed(client, "/feeds/new.atom")
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == ["Andra <&> (Förvaltning alfa)", "Första (Förvaltning alfa)"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://alfa.localhost/processes/second/"
    assert entries[0].findtext(f"{ATOM}id").startswith("tag:torget,2026:catalog/")
    assert root.findtext(f"{ATOM}updated")


def test_the_open_feed_has_only_what_is_open_closing_soonest_first(client, tenant_a):
    today = date.today()
    make_entry(tenant_a, "late", title_sv="Sen", ends=today + timedelta(days=40))
    make_entry(tenant_a, "soon", title_sv="Snart", ends=today + timedelta(days=2))
    make_entry(tenant_a, "old", title_sv="Gammal", ends=today - timedelta(days=2))
    make_entry(tenant_a, "next", title_sv="Kommande", starts=today + timedelta(days=2))
    root = _feed(client, "/feeds/open.atom")
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Snart (Förvaltning alfa)", "Sen (Förvaltning alfa)"]


def test_the_feeds_cost_the_same_with_more_entries(client, tenant_a, django_assert_max_num_queries):
    client.get("/feeds/new.atom", HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as few:
        client.get("/feeds/new.atom", HTTP_HOST="localhost")
    # Read at once: the next request empties the connection's query log.
    budget = len(few)
    assert budget <= 3
    for number in range(30):
        make_entry(tenant_a, f"e{number}")
    with django_assert_max_num_queries(budget):
        client.get("/feeds/new.atom", HTTP_HOST="localhost")
