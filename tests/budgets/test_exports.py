"""Exports hold no personal data, and the published winners can be recounted from the
exported .pb file with the same engine (`pabulib_outcome`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.budgets.exports import simulate, to_csv, to_json, to_pabulib
from tenant_apps.budgets.models import Ballot, BallotChoice
from tenant_apps.budgets.results import compute_outcomes, publish_outcome
from tenant_apps.budgets.voters import voter_key_for_personal_number
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in_with_two_factor

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def election(rule="knapsack", outcome_rule="greedy", **fields):
    budget = make_budget(
        make_budgets_component(), amount=1000, ballot_rule=rule, outcome_rule=outcome_rule,
        min_share=0, **fields,
    )  # fmt: skip
    projects = [make_project(budget, f"P{n}", cost) for n, cost in enumerate((500, 400, 300, 200))]
    pattern = [(0, 1), (0, 2), (0,), (1, 3), (2, 3), (3,), (0, 3), (1, 2, 3)]
    for number, chosen in enumerate(pattern * 3):
        ballot = Ballot.objects.create(
            budget=budget, status="submitted", channel="paper" if number % 4 == 0 else "online",
            voter_key=voter_key_for_personal_number("19800101-0019") if number == 0 else "",
            receipt_code=f"ABCD-EFGH-{number:04d}",
        )  # fmt: skip
        for rank, index in enumerate(chosen, start=1):
            BallotChoice.objects.create(
                ballot=ballot, project=projects[index], points=rank, rank=rank
            )
    return budget, projects


def recount(tmp_path, text: str, rule: str, completion: str = "add1") -> set[int]:
    path = tmp_path / "ballots.pb"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "pabulib_outcome", str(path), "--rule", rule,
         "--completion", completion],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {int(line) for line in done.stdout.split()}


@pytest.mark.parametrize(
    ("rule", "outcome_rule"),
    [("knapsack", "greedy"), ("approval", "equal_shares"), ("cumulative", "greedy"),
     ("ranked", "equal_shares")],
)  # fmt: skip
def test_the_exported_file_recounts_to_the_published_winners(
    tmp_path, tenant_a, bob, rule, outcome_rule
):
    with schema_context(tenant_a.schema_name):
        budget, _projects = election(rule, outcome_rule, points=10)
        outcomes = {o.rule: o for o in compute_outcomes(bob, budget)}
        published = publish_outcome(bob, outcomes[outcome_rule])
        text = to_pabulib(budget)
    assert recount(tmp_path, text, outcome_rule, budget.completion) == set(published.winners)
    other = "equal_shares" if outcome_rule == "greedy" else "greedy"
    assert recount(tmp_path, text, other, budget.completion) == set(outcomes[other].winners)


def test_exports_hold_no_personal_data(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, _projects = election()
        key = Ballot.objects.exclude(voter_key="").get().voter_key
        texts = [to_pabulib(budget), to_csv(budget), to_json(budget)]
    for text in texts:
        assert key not in text and "ABCD-EFGH" not in text and "paper" not in text
        assert "bob" not in text.lower()
    document = json.loads(texts[2])
    assert [b["voter_id"] for b in document["ballots"]] == list(range(1, 25))
    assert texts[1].splitlines()[0] == "voter_id,projects"


def test_downloads_open_after_publication_only(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, _projects = election()
        greedy = compute_outcomes(bob, budget)[0]
    base = f"{budget.component.get_absolute_url()}results/{budget.pk}/ballots."
    host = host_of(tenant_a)
    assert Client().get(f"{base}pb", HTTP_HOST=host).status_code == 404
    with schema_context(tenant_a.schema_name):
        publish_outcome(bob, greedy)
    for fmt in ("pb", "csv", "json"):
        response = Client().get(f"{base}{fmt}", HTTP_HOST=host)
        assert response.status_code == 200, fmt
        assert "attachment" in response["Content-Disposition"]
    assert Client().get(f"{base}xml", HTTP_HOST=host).status_code == 404


def test_the_simulation_page_shows_both_rules_and_stores_nothing(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, _projects = election()
        text = to_pabulib(budget)
        result = simulate(SimpleUploadedFile("e.pb", text.encode()))
        assert result.voters == 24 and any(row["greedy"] for row in result.rows)
    client = Client()
    sign_in_with_two_factor(client, bob)
    client.cookies["django_language"] = "en"
    url = f"{budget.component.get_content_manage_url()}simulate/"
    response = client.post(url, {"file": SimpleUploadedFile("e.pb", text.encode())},
                           HTTP_HOST=host_of(tenant_a))  # fmt: skip
    assert response.status_code == 200
    assert "Equal Shares spends" in response.content.decode()
    bad = client.post(url, {"file": SimpleUploadedFile("e.pb", b"not a pabulib file\n")},
                      HTTP_HOST=host_of(tenant_a))  # fmt: skip
    assert bad.status_code == 400
    assert "cannot be read as a pabulib election" in bad.content.decode()
    with schema_context(tenant_a.schema_name):
        assert budget.outcomes.count() == 0
