"""The index can be rebuilt from a tenant's tables, and it is the resident's data:
exported with their archive and gone with their account."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from shared_apps.participation.actions import record
from shared_apps.participation.models import Participation
from shared_apps.privacy.actions import delete_account
from shared_apps.privacy.archive import collect
from shared_apps.privacy.registry import Scope
from tenant_apps.budgets.models import Ballot
from tenant_apps.comments.actions import delete_comment, post_comment
from tenant_apps.proposals.supports import support
from tests.budgets.factories import make_budget, make_budgets_component
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = pytest.mark.django_db


def snapshot(tenant) -> list[tuple]:
    return sorted(
        Participation.objects.filter(tenant=tenant).values_list(
            "user_id", "kind", "key", "title_sv", "path", "created"
        )
    )


def test_rebuild_recomputes_the_tenant_s_rows_from_its_tables(tenant_a, tenant_b, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        mine = make_proposal(component, alice, "Min idé")
        make_proposal(component, alice, "Tillbakadragen", withdrawn_at="2026-01-01T00:00Z")
        make_proposal(component, alice, "Dold", hidden=True)
        other = make_proposal(component, None, "Annans idé")
        support(alice, other)
        kept = post_comment(alice, component, "proposal", other.pk, body="Bra!")
        gone = post_comment(alice, component, "proposal", other.pk, body="Nej förresten.")
        delete_comment(alice, gone)
        budget = make_budget(make_budgets_component(), title_sv="Centrum")
        Ballot.objects.create(
            budget=budget, user=alice, status="submitted", submitted_at="2026-05-01T10:00Z"
        )
        Ballot.objects.create(budget=budget, user=alice, status="draft")
    # What the actions wrote, plus the rows they never wrote (made by factories).
    record(alice, "proposal", f"proposal:{mine.pk}", title_sv="Min idé",
           path=f"/x/{mine.pk}/", tenant=tenant_a)  # fmt: skip
    record(alice, "proposal", "proposal:999", title_sv="Borta", path="/x/", tenant=tenant_a)
    record(alice, "proposal", "proposal:1", title_sv="Annan", path="/y/", tenant=tenant_b)

    call_command("rebuild_participation", tenant="alfa")

    rows = Participation.objects.filter(tenant=tenant_a)
    assert sorted(rows.values_list("kind", "key")) == [
        ("ballot", f"budget:{budget.pk}"),
        ("comment", f"comment:{kept.pk}"),
        ("proposal", f"proposal:{mine.pk}"),
        ("support", f"proposal:{other.pk}"),
    ]
    assert rows.get(kind="proposal").path == mine.get_absolute_url()
    # Other tenants are left alone; rebuilding again changes nothing, and rebuilding
    # every tenant drops tenant B's row that its tables do not back.
    assert Participation.objects.filter(tenant=tenant_b).count() == 1
    before = snapshot(tenant_a)
    call_command("rebuild_participation")
    assert snapshot(tenant_a) == before
    assert not Participation.objects.filter(tenant=tenant_b).exists()


def test_rebuild_names_an_unknown_tenant(portal):
    with pytest.raises(CommandError, match="no tenant"):
        call_command("rebuild_participation", tenant="finns-inte")


def test_the_rows_are_exported_and_deleted_with_the_account(tenant_a, alice):
    record(alice, "ballot", "budget:3", title_sv="Centrum", path="/b/3/", tenant=tenant_a)
    exported = collect(alice, Scope.PUBLIC)
    row = exported["participation.Participation.json"][0]
    assert (row["kind"], row["key"], row["title_sv"]) == ("ballot", "budget:3", "Centrum")

    delete_account(alice, confirmation=alice.email)
    assert not Participation.objects.exists()
