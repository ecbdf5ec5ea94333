"""Supports sent in parallel beyond the per-resident limit: exactly the limit is recorded
and the counts equal the rows (PostgreSQL advisory and row locks)."""

from __future__ import annotations

from functools import partial

from django_tenants.utils import schema_context

from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.models import Proposal, Support
from tenant_apps.proposals.supports import support
from tests.concurrency import run_together as run_concurrently
from tests.conftest import LIVE_DB, make_user
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = [LIVE_DB]

# Refusals count as "refused" outcomes; anything else shows as its repr.
run_together = partial(run_concurrently, refused=ProposalRefused)


def test_parallel_supports_beyond_the_limit_record_exactly_the_limit(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"support_limit": 3})
        proposals = [make_proposal(component, None, f"Förslag {n}") for n in range(8)]

    def supporter(proposal):
        def task() -> None:
            with schema_context(tenant_a.schema_name):
                support(alice, proposal)

        return task

    outcomes = run_together([supporter(p) for p in proposals])
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * 5
    with schema_context(tenant_a.schema_name):
        assert Support.objects.filter(user=alice).count() == 3
        assert sum(Proposal.objects.values_list("supports_count", flat=True)) == 3


def test_parallel_residents_crossing_the_minimum_keep_counts_equal_to_rows(tenant_a):
    residents = [make_user(f"r{n}@example.com", f"Resident {n}") for n in range(4)]
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"minimum_supports": 2})
        proposals = [make_proposal(component, None, f"Förslag {n}") for n in range(3)]
        for resident in residents:
            support(resident, proposals[0])

    def second(resident, proposal):
        def task() -> None:
            with schema_context(tenant_a.schema_name):
                support(resident, proposal)

        return task

    tasks = [second(r, proposals[1 + n % 2]) for n, r in enumerate(residents)]
    assert run_together(tasks) == ["ok"] * 4
    with schema_context(tenant_a.schema_name):
        for proposal in Proposal.objects.all():
            rows = Support.objects.filter(proposal=proposal, counted=True).count()
            assert proposal.supports_count == rows
        assert Proposal.objects.get(pk=proposals[0].pk).supports_count == 4
