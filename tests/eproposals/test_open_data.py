"""E-proposals in the city's open-data archive: the published ones with their public
history and follow-ups, never one awaiting review, declined or withdrawn before review,
and never a person."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import override_settings

from shared_apps.opendata.actions import build_city_archive, build_tenant_archive
from tests.eproposals.test_stats import a_city_of_eproposals
from tests.opendata.test_archives import content_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        yield


def test_the_city_archive_holds_the_published_eproposals_and_their_history(tenant_a, tenant_b):
    made = a_city_of_eproposals(tenant_a, tenant_b)
    archive = build_city_archive()
    files = content_of(archive)
    for table in ("eproposals", "eproposal_events", "eproposal_follow_ups"):
        assert {f"{table}.csv", f"{table}.json"} <= set(files), table
    rows = list(csv.DictReader(io.StringIO(files["eproposals.csv"].decode())))
    published = ("open", "closed", "carried", "rejected", "late", "waiting", "partly",
                 "approved", "expired")  # fmt: skip
    assert sorted(int(row["id"]) for row in rows) == sorted(made[k].pk for k in published)
    assert archive.counts["eproposals"] == 9
    by_id = {int(row["id"]): row for row in rows}
    partly = by_id[made["partly"].pk]
    assert (partly["status"], partly["responsible"], partly["decision"]) == (
        "decided", "beta", "partly"
    )  # fmt: skip
    assert partly["decision_text"] == "Beslut om Delvis"
    assert partly["path"] == f"/e-proposals/{made['partly'].pk}/"
    assert by_id[made["late"].pk]["overdue"] == "True"
    assert by_id[made["closed"].pk]["final_count"] == "12"
    assert by_id[made["open"].pk]["decision_text"] == ""
    events = json.loads(files["eproposal_events.json"])
    assert {event["eproposal"] for event in events} == set(by_id)
    assert {"eproposal": made["late"].pk, "kind": "rerouted", "tenant": "beta",
            "reason": "Fel förvaltning"} in [
        {k: v for k, v in event.items() if k != "date"} for event in events
    ]  # fmt: skip
    follow_ups = json.loads(files["eproposal_follow_ups.json"])
    assert follow_ups == [
        {"eproposal": made["partly"].pk, "tenant": "beta", "kind": "project",
         "title_sv": "Ny lekplats", "title_en": "New playground", "status": "delivered",
         "path": "/budgets/projects/7/"}
    ]  # fmt: skip
    assert "eproposals: 9 rows" in files["README.txt"].decode()
    # Nothing unpublished and nobody's name anywhere.
    everything = b"".join(files.values()).decode()
    for secret in ("Väntar på granskning", "Hemligt", "Tillbakadraget", "Petra",
                   "proposer@example.org"):  # fmt: skip
        assert secret not in everything, secret


def test_a_tenant_archive_has_no_eproposal_tables(tenant_a, tenant_b):
    a_city_of_eproposals(tenant_a, tenant_b)
    files = content_of(build_tenant_archive(tenant_a))
    assert not any(name.startswith("eproposal") for name in files)


def test_with_no_eproposals_the_tables_are_empty(portal):
    files = content_of(build_city_archive())
    assert files["eproposals.csv"].decode().strip() == "" and files["eproposals.json"] == b"[]"
