"""Open-data archives: CSV and JSON of what the public pages show, a licence, nothing
personal, built per tenant and for the city, listed on the portal."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import override_settings
from django_tenants.utils import schema_context

from shared_apps.opendata.actions import KEEP, build_city_archive, build_tenant_archive
from shared_apps.opendata.models import OpenDataArchive
from tenant_apps.budgets.models import Ballot, BallotChoice
from tenant_apps.budgets.results import compute_outcomes, publish_outcome
from tenant_apps.spaces.actions import set_space_published
from tenants.models import Tenant
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import LIVE_DB, host_of
from tests.proposals.factories import make_proposal, make_proposals_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        yield


def content_of(archive: OpenDataArchive) -> dict[str, bytes]:
    with archive.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as z:
        return {name: z.read(name) for name in z.namelist()}


def a_city(tenant_a, tenant_b, alice, bob, charlie):
    with schema_context(tenant_a.schema_name):
        set_space_published(make_process("parken", published=False), True, by=bob)
        ideas = make_proposals_component(answers_published=True)
        make_proposal(ideas, alice, "Fler bänkar", state="accepted")
        make_proposal(ideas, alice, "Dolt förslag", hidden=True)
        budget = make_budget(make_budgets_component(), amount=1000, min_share=0)
        swings = make_project(budget, "Gungor", 600)
        make_project(budget, "Träd", 500)
        ballot = Ballot.objects.create(
            budget=budget, user=alice, voter_key="account:secret-key", status="submitted"
        )
        BallotChoice.objects.create(ballot=ballot, project=swings)
        greedy, _shares = compute_outcomes(bob, budget)
        publish_outcome(bob, greedy)
    with schema_context(tenant_b.schema_name):
        set_space_published(make_process("skolan", published=False), True, by=charlie)


def test_a_tenant_archive_holds_its_public_tables_as_csv_and_json_with_a_licence(
    tenant_a, tenant_b, alice, bob, charlie
):
    a_city(tenant_a, tenant_b, alice, bob, charlie)
    archive = build_tenant_archive(tenant_a)
    assert archive.file.name.startswith("public/opendata/torget-alfa-")
    files = content_of(archive)
    names = {"processes", "phases", "proposals", "budgets", "projects"}
    assert set(files) == {f"{n}.{ext}" for n in names for ext in ("csv", "json")} | {
        "README.txt",
        "LICENCE.txt",
    }
    assert "CC0" in files["LICENCE.txt"].decode()
    proposals = json.loads(files["proposals.json"])
    assert [(p["title"], p["state"]) for p in proposals] == [("Fler bänkar", "accepted")]
    projects = list(csv.DictReader(io.StringIO(files["projects.csv"].decode())))
    assert {
        (p["title_sv"], p["votes_total"], p["votes_paper"], p["selected"]) for p in projects
    } == {
        ("Gungor", "1", "0", "True"),
        ("Träd", "0", "0", "False"),
    }
    processes = json.loads(files["processes.json"])
    assert {p["slug"] for p in processes} == {"parken", "ideer", "budget"}
    assert archive.counts["proposals"] == 1
    # Nothing personal anywhere in the archive.
    everything = b"".join(files.values()).decode()
    for secret in ("alice@example.org", "Alice", "bob@example.org", "secret-key", "Dolt"):
        assert secret not in everything


def test_the_city_archive_merges_every_ready_tenant(tenant_a, tenant_b, alice, bob, charlie):
    a_city(tenant_a, tenant_b, alice, bob, charlie)
    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.SUSPENDED)
    files = content_of(build_city_archive())
    tenants = json.loads(files["tenants.json"])
    assert [t["slug"] for t in tenants] == ["alfa"]
    assert {p["tenant"] for p in json.loads(files["processes.json"])} == {"alfa"}


def test_only_the_latest_archives_are_kept(tenant_a):
    for _ in range(KEEP + 2):
        build_tenant_archive(tenant_a)
    kept = OpenDataArchive.objects.filter(tenant=tenant_a)
    assert kept.count() == KEEP
    for archive in kept:
        assert archive.file.storage.exists(archive.file.name)


def test_the_portal_lists_the_latest_archives_in_a_fixed_number_of_queries(
    client, tenant_a, tenant_b, django_assert_max_num_queries
):
    build_tenant_archive(tenant_a)
    latest_a = build_tenant_archive(tenant_a)
    build_tenant_archive(tenant_b)
    city = build_city_archive()
    client.get("/open-data/", HTTP_HOST="localhost")
    with django_assert_max_num_queries(3):
        page = client.get("/open-data/", HTTP_HOST="localhost").content.decode()
    assert latest_a.file.url in page and city.file.url in page
    assert page.count(".zip") == 3
    download = client.get(city.file.url, HTTP_HOST="localhost")
    assert download.status_code == 200
    assert client.get("/open-data/", HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_the_nightly_task_builds_every_tenant_and_the_city(tenant_a, tenant_b):
    from shared_apps.opendata.tasks import build_open_data

    assert build_open_data.run(tenant_a.pk).startswith("public/opendata/torget-alfa-")
    assert build_open_data.run(None).startswith("public/opendata/torget-city-")
    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.ARCHIVED)
    assert build_open_data.run(tenant_b.pk) == "skipped"


@LIVE_DB
def test_platform_ops_build_archives_with_the_admin_button(
    client, tenant_a, celery_worker, tmp_path
):
    import time

    from tests.conftest import TEST_MEDIA, activate_totp, make_user, sign_in

    ops = make_user("ops@example.org", "Ops", is_staff=True, is_superuser=True)
    activate_totp(ops)
    sign_in(client, ops)
    response = client.post(
        "/ops/admin/tenants/tenant/",
        {"action": "build_open_data", "_selected_action": [tenant_a.pk]},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    while OpenDataArchive.objects.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert set(OpenDataArchive.objects.values_list("tenant_id", flat=True)) == {tenant_a.pk, None}
    for archive in OpenDataArchive.objects.all():
        # The worker writes under the suite's media root (tests/conftest.py).
        written = TEST_MEDIA / archive.file.name
        assert written.stat().st_size == archive.size > 0


def test_reading_a_tenant_costs_the_same_queries_for_few_and_many_proposals(tenant_a, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shared_apps.opendata.tables import tenant_tables

    with schema_context(tenant_a.schema_name):
        ideas = make_proposals_component(answers_published=True)
    counts = []
    for size in (1, 12):
        with schema_context(tenant_a.schema_name):
            for number in range(len(counts), size):
                make_proposal(ideas, alice, f"Förslag {number}")
        with CaptureQueriesContext(connection) as queries:
            assert len(tenant_tables(tenant_a)["proposals"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
