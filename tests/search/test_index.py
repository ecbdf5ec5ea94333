"""The index is written by the tenant actions, in their transactions: what residents may
see is found, and nothing else (unpublished, hidden, withdrawn, suspended)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from shared_apps.search.index import remove_tenant_documents
from shared_apps.search.models import SearchDocument
from shared_apps.search.queries import search
from shared_apps.vocabularies.models import Area
from tenant_apps.budgets.admin_actions import delete_budget, delete_project, save_project
from tenant_apps.moderation import actions as moderation
from tenant_apps.pages.actions import update_page
from tenant_apps.proposals.actions import create_proposal, edit_proposal, withdraw_proposal
from tenant_apps.spaces.actions import (
    set_component_published,
    set_space_published,
    update_process,
)
from tenants.models import Tenant
from tests.budgets.factories import make_budget, make_budgets_component
from tests.proposals.factories import make_proposals_component
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


def keys(tenant: Tenant) -> set[str]:
    return set(SearchDocument.objects.filter(tenant=tenant).values_list("key", flat=True))


def published_process(bob, slug="parken", **fields):
    process = make_process(slug, published=False, **fields)
    set_space_published(process, True, by=bob)
    process.refresh_from_db()
    return process


def test_publishing_a_space_indexes_it_and_unpublishing_removes_everything(tenant_a, bob, alice):
    area = Area.objects.create(slug="hisingen", name_sv="Hisingen")
    with schema_context(tenant_a.schema_name):
        process = make_process(
            "parken", published=False, description_sv="<p>Träd <b>och</b> bänkar</p>"
        )
        component = make_proposals_component(process)
        assert keys(tenant_a) == set()
        set_space_published(process, True, by=bob)
        process.refresh_from_db()
        update_process(process, by=bob, data={"title_sv": "Parken vid älven"}, areas=[area])
        component.refresh_from_db()
        proposal = create_proposal(
            alice, component, {"title": "Fler cykelställ", "body": "Vid entrén behövs cykelställ."}
        )
        assert keys(tenant_a) == {f"process:{process.pk}", f"proposal:{proposal.pk}"}
        document = SearchDocument.objects.get(key=f"process:{process.pk}")
        assert document.title_sv == "Parken vid älven"
        assert document.areas == ["hisingen"]
        assert "Träd och bänkar" in document.body_sv  # tags stripped
        assert search("bänkar").count == 1
        set_space_published(process, False, by=bob)
    assert keys(tenant_a) == set()


def test_proposals_follow_their_actions_and_moderation(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        process = published_process(bob)
        component = make_proposals_component(process)
        set_component_published(component, True, by=bob)
        proposal = create_proposal(
            alice,
            component,
            {"title": "Fler cykelställ", "body": "Vid entrén behövs **cykelställ**."},
        )
        key = f"proposal:{proposal.pk}"
        document = SearchDocument.objects.get(key=key)
        assert document.kind == "proposal"
        assert document.body_sv == "Vid entrén behövs cykelställ."  # Markdown marks gone
        edit_proposal(
            alice, proposal, {"title": "Fler lekplatser", "body": "Barnen behöver lekplatser."}
        )
        assert search("lekplats").count == 1 and search("cykelställ").count == 0
        moderation.hide(bob, "proposal", proposal, reason="Fel forum")
        assert key not in keys(tenant_a)
        moderation.unhide(bob, "proposal", proposal)
        assert key in keys(tenant_a)
        proposal.refresh_from_db()
        withdraw_proposal(alice, proposal)
        assert key not in keys(tenant_a)


def test_reports_that_hide_a_proposal_take_it_out_and_dismissing_them_puts_it_back(
    tenant_a, bob, alice
):
    from tenant_apps.moderation.models import ModerationSettings
    from tests.conftest import make_user

    with schema_context(tenant_a.schema_name):
        ModerationSettings.objects.create(pk=1, hide_after_reports=1)
        component = make_proposals_component(published_process(bob))
        set_component_published(component, True, by=bob)
        proposal = create_proposal(
            alice, component, {"title": "Fler cykelställ", "body": "Vid entrén behövs cykelställ."}
        )
        key = f"proposal:{proposal.pk}"
        moderation.report(make_user("rut@example.org", "Rut"), "proposal", proposal, reason="spam")
        assert key not in keys(tenant_a)
        moderation.dismiss_reports(bob, "proposal", proposal)
        assert key in keys(tenant_a)


def test_nothing_in_an_unpublished_component_is_indexed(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        process = published_process(bob)
        component = make_proposals_component(process)
        set_component_published(component, True, by=bob)
        proposal = create_proposal(
            alice, component, {"title": "Fler cykelställ", "body": "Vid entrén behövs cykelställ."}
        )
        set_component_published(component, False, by=bob)
        assert keys(tenant_a) == {f"process:{process.pk}"}
        # An item saved while its component is hidden stays out.
        component.refresh_from_db()
        proposal.refresh_from_db()
        from tenant_apps.proposals.search import reindex_proposal

        reindex_proposal(proposal)
        assert keys(tenant_a) == {f"process:{process.pk}"}
        set_component_published(component, True, by=bob)
        assert f"proposal:{proposal.pk}" in keys(tenant_a)


def test_budget_projects_follow_save_and_delete(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("budget", published=False)
        component = make_budgets_component(process)
        budget = make_budget(component)
        project = save_project(
            bob,
            budget,
            None,
            {
                "title_sv": "Utegym",
                "title_en": "Outdoor gym",
                "description_sv": "<p>Ett gym</p>",
                "cost": 5000,
            },
        )
        assert keys(tenant_a) == set()  # the space is not published
        set_space_published(process, True, by=bob)
        assert f"project:{project.pk}" in keys(tenant_a)
        save_project(bob, budget, project, {"title_sv": "Utegym vid sjön"})
        assert SearchDocument.objects.get(key=f"project:{project.pk}").title_sv == "Utegym vid sjön"
        assert search("outdoor", language="en").hits[0].title_language == "en"
        delete_project(bob, project)
        assert f"project:{project.pk}" not in keys(tenant_a)
        other = save_project(
            bob, budget, None, {"title_sv": "Boulebana", "description_sv": "Bana", "cost": 100}
        )
        assert f"project:{other.pk}" in keys(tenant_a)
        delete_budget(bob, budget)
        assert keys(tenant_a) == {f"process:{process.pk}"}


def test_pages_are_indexed_when_saved(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = published_process(bob)
        component = make_component(process, "pages", name_sv="Regler", name_en="Rules")
        set_component_published(component, True, by=bob)
        update_page(
            component.page,
            by=bob,
            body_sv="<p>Så röstar du</p>",
            body_en="<p>How to vote</p>",
        )
        document = SearchDocument.objects.get(key=f"page:{component.pk}")
        assert (document.title_sv, document.body_sv, document.body_en) == (
            "Regler",
            "Så röstar du",
            "How to vote",
        )
        assert search("röstar").count == 1


def test_documents_carry_no_personal_data(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(published_process(bob))
        set_component_published(component, True, by=bob)
        create_proposal(
            alice, component, {"title": "Fler cykelställ", "body": "Vid entrén behövs cykelställ."}
        )
    for row in SearchDocument.objects.values():
        assert alice.email not in str(row) and alice.display_name not in str(row)


def test_rebuild_restores_lost_documents_drops_stale_ones_and_empties_suspended_tenants(
    tenant_a, bob, alice
):
    with schema_context(tenant_a.schema_name):
        process = published_process(bob)
        component = make_proposals_component(process)
        set_component_published(component, True, by=bob)
        create_proposal(
            alice, component, {"title": "Fler cykelställ", "body": "Vid entrén behövs cykelställ."}
        )
        make_process("hemlig", published=False)
    before = keys(tenant_a)
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(
        tenant=tenant_a,
        key="process:999",
        space_key="process:999",
        kind="process",
        title_sv="Borttagen",
        path="/x/",
    )
    call_command("rebuild_search_index", tenant="alfa")
    assert keys(tenant_a) == before and len(before) == 2
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    tenant_a.refresh_from_db()
    call_command("rebuild_search_index")
    assert keys(tenant_a) == set()


def test_rebuild_names_an_unknown_tenant():
    with pytest.raises(CommandError, match="no tenant"):
        call_command("rebuild_search_index", tenant="finns-inte")


def test_remove_tenant_documents_empties_one_tenant(tenant_a, tenant_b, bob, charlie):
    with schema_context(tenant_a.schema_name):
        published_process(bob)
    with schema_context(tenant_b.schema_name):
        published_process(charlie)
    assert remove_tenant_documents(tenant_a) == 1
    assert keys(tenant_a) == set() and len(keys(tenant_b)) == 1


def test_the_nightly_reconcile_rebuilds_every_tenant(tenant_a, bob):
    from tenant_apps.spaces.tasks import reconcile_search_index

    with schema_context(tenant_a.schema_name):
        published_process(bob)
    SearchDocument.objects.all().delete()
    assert reconcile_search_index() == 1
