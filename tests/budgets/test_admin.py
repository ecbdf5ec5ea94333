"""Budgets and projects for staff: the forms, the figures, and the rules frozen by the
first submitted ballot (texts and images still correctable, and logged)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from tenant_apps.actionlog.models import Action
from tenant_apps.budgets.admin_actions import delete_project, save_budget, save_project
from tenant_apps.budgets.models import Ballot, Budget, Project
from tenants.roles import grant_role
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import activate_totp, host_of, make_user, sign_in_with_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def staff(user) -> Client:
    client = Client()
    sign_in_with_two_factor(client, user)
    client.cookies["django_language"] = "en"
    return client


BUDGET_FORM = {
    "title_sv": "Hela staden",
    "title_en": "The whole city",
    "description_sv": "<p>Rösta!</p>",
    "amount": "500000",
    "ballot_rule": "knapsack",
    "min_share": "50",
    "min_projects": "1",
    "points": "10",
    "outcome_rule": "greedy",
    "completion": "add1",
}


def test_it_adds_and_edits_a_budget_through_the_pages(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
    manage = component.get_content_manage_url()
    client = staff(bob)
    host = host_of(tenant_a)
    assert client.get(f"{manage}new/", HTTP_HOST=host).status_code == 200
    response = client.post(f"{manage}new/", BUDGET_FORM, HTTP_HOST=host)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        budget = Budget.objects.get()
        assert (budget.amount, budget.min_share) == (500000, 50)
        assert Action.objects.filter(verb="budgets.budget_created").exists()
    response = client.post(
        f"{manage}{budget.pk}/", {**BUDGET_FORM, "amount": "600000"}, HTTP_HOST=host
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        budget.refresh_from_db()
        assert budget.amount == 600000
        change = Action.objects.get(verb="budgets.budget_changed")
        assert change.data["changes"] == {"amount": [500000, 600000]}


def test_it_refuses_a_script_in_the_description_and_writes_nothing(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
    response = staff(bob).post(
        f"{component.get_content_manage_url()}new/",
        {**BUDGET_FORM, "description_sv": "<script>alert(1)</script>"},
        HTTP_HOST=host_of(tenant_a),
    )
    assert response.status_code == 400
    assert "This HTML is not allowed" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Budget.objects.exists()


def frozen_budget(component) -> Budget:
    budget = make_budget(component, amount=1_000_000)
    make_project(budget, "Bänkar", 100_000)
    Budget.objects.filter(pk=budget.pk).update(frozen_at=timezone.now())
    budget.refresh_from_db()
    return budget


def test_a_frozen_budget_refuses_rule_changes_with_the_reason_and_writes_nothing(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = frozen_budget(component)
    url = f"{component.get_content_manage_url()}{budget.pk}/"
    client = staff(bob)
    host = host_of(tenant_a)
    page = client.get(url, HTTP_HOST=host).content.decode()
    assert "the first ballot came at" in page
    form = {**BUDGET_FORM, "amount": "2000000", "min_share": "70", "title_sv": "Ny titel"}
    response = client.post(url, form, HTTP_HOST=host)
    assert response.status_code == 400
    assert "the first ballot came at" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        budget.refresh_from_db()
        assert (budget.amount, budget.title_sv) == (1_000_000, "Hela staden")
        assert not Action.objects.filter(verb="budgets.budget_changed").exists()


def test_a_frozen_budget_still_takes_text_corrections_and_logs_them(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = frozen_budget(component)
        project = budget.projects.get()
        save_budget(bob, component, budget, {"title_sv": "Rättad titel"})
        save_project(bob, budget, project, {"description_sv": "<p>Rättad text</p>"})
        assert Budget.objects.get().title_sv == "Rättad titel"
        assert Project.objects.get().description_sv == "<p>Rättad text</p>"
        logged = Action.objects.get(verb="budgets.project_changed")
        assert logged.data["after_freeze"] is True
        assert "description_sv" in logged.data["changes"]


def test_a_frozen_budget_refuses_new_projects_cost_changes_and_removals(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = frozen_budget(component)
        project = budget.projects.get()
        with pytest.raises(ValidationError, match="first ballot came at"):
            save_project(bob, budget, None, {"title_sv": "Ny", "description_sv": "x", "cost": 5})
        with pytest.raises(ValidationError, match="first ballot came at"):
            save_project(bob, budget, project, {"cost": 1})
        with pytest.raises(ValidationError, match="first ballot came at"):
            delete_project(bob, project)
        assert list(Project.objects.values_list("cost", flat=True)) == [100_000]
        assert not Action.objects.filter(verb__startswith="budgets.").exists()
    # The pages say why too.
    manage = component.get_content_manage_url()
    client = staff(bob)
    response = client.get(f"{manage}{budget.pk}/projects/new/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "the first ballot came at" in page


def test_it_adds_edits_and_removes_a_project_before_voting(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = make_budget(component)
    base = f"{component.get_content_manage_url()}{budget.pk}/projects/"
    client = staff(bob)
    host = host_of(tenant_a)
    form = {"title_sv": "Lekplats", "description_sv": "En lekplats", "cost": "250000",
            "status": "proposed"}  # fmt: skip
    assert client.post(f"{base}new/", form, HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        project = Project.objects.get()
    response = client.post(f"{base}{project.pk}/", {**form, "cost": "300000"}, HTTP_HOST=host)
    assert response.status_code == 302
    listing = client.get(base, HTTP_HOST=host).content.decode()
    assert "Lekplats" in listing and "300,000\u00a0kr" in listing
    assert client.post(f"{base}{project.pk}/delete/", HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        assert not Project.objects.exists()
        logged = Action.objects.filter(verb__startswith="budgets.").order_by("pk")
        verbs = list(logged.values_list("verb", flat=True))
    assert verbs == [
        "budgets.project_created",
        "budgets.project_changed",
        "budgets.project_deleted",
    ]


def test_the_budgets_list_shows_figures_in_a_fixed_number_of_queries(
    tenant_a, bob, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        first = make_budget(component)
        make_project(first, "A", 100)
    url = component.get_content_manage_url()
    client = staff(bob)
    host = host_of(tenant_a)
    client.get(url, HTTP_HOST=host)
    with django_assert_max_num_queries(30) as one:
        assert client.get(url, HTTP_HOST=host).status_code == 200
    with schema_context(tenant_a.schema_name):
        for number in range(20):
            budget = make_budget(
                component, title_sv=f"Budget {number}", title_en=f"Budget {number}"
            )
            for cost in (100, 200, 300):
                make_project(budget, f"P{cost}", cost)
            Ballot.objects.create(budget=budget, status="submitted", voter_key=f"k{number}")
            Ballot.objects.create(budget=budget, status="submitted", channel="paper")
            Ballot.objects.create(budget=budget, status="draft")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url, HTTP_HOST=host).content.decode()
    assert "Budget 19" in page


def test_a_verifier_enters_ballots_but_cannot_change_budgets(tenant_a, bob):
    verifier = make_user("vera@example.org", "Vera Verifierar")
    grant_role(tenant_a, verifier, Membership.Role.VERIFIER, by=bob)
    activate_totp(verifier)
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = make_budget(component)
    manage = component.get_content_manage_url()
    client = staff(verifier)
    host = host_of(tenant_a)
    assert client.get(manage, HTTP_HOST=host).status_code == 200
    assert client.get(f"{manage}{budget.pk}/ballots/", HTTP_HOST=host).status_code == 200
    for path in (f"{budget.pk}/", "new/", f"{budget.pk}/projects/", f"{budget.pk}/results/",
                 "simulate/"):  # fmt: skip
        assert client.get(f"{manage}{path}", HTTP_HOST=host).status_code == 404, path


def test_a_budget_without_ballots_is_removed_and_logged(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = make_budget(component, title_sv="Norr")
        make_project(budget, "Lekplats", 300_000)
    manage = component.get_content_manage_url()
    client, host = staff(bob), host_of(tenant_a)
    assert "Remove The whole city" not in client.get(manage, HTTP_HOST=host).content.decode()
    response = client.post(f"{manage}{budget.pk}/delete/", HTTP_HOST=host, follow=True)
    assert "The budget is removed." in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Budget.objects.exists() and not Project.objects.exists()
        logged = Action.objects.get(verb="budgets.budget_deleted")
        assert logged.data["projects"] == ["Lekplats"]


def test_a_budget_with_any_ballot_is_not_removed(tenant_a, bob, alice):
    from tenant_apps.budgets.admin_actions import delete_budget

    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component())
        Ballot.objects.create(budget=budget, user=alice)  # a draft
        with pytest.raises(ValidationError, match="Residents have started ballots"):
            delete_budget(bob, budget)
        assert Budget.objects.filter(pk=budget.pk).exists()
    manage = budget.component.get_content_manage_url()
    response = staff(bob).post(f"{manage}{budget.pk}/delete/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Budget.objects.filter(pk=budget.pk).exists()


def test_staff_move_budgets_up_and_down_in_the_residents_order(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        north, _south, city = (
            make_budget(component, title_sv=name, title_en=name) for name in ("Norr", "Syd", "Stad")
        )
    manage = component.get_content_manage_url()
    client, host = staff(bob), host_of(tenant_a)
    page = client.get(manage, HTTP_HOST=host).content.decode()
    assert "Move Norr up" not in page and "Move Norr down" in page and "Move Stad down" not in page
    client.post(f"{manage}{city.pk}/move/", {"direction": "up"}, HTTP_HOST=host)
    client.post(f"{manage}{north.pk}/move/", {"direction": "up"}, HTTP_HOST=host)  # first already
    response = client.post(f"{manage}{north.pk}/move/", {"direction": "sideways"}, HTTP_HOST=host)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        order = list(component.budgets.values_list("title_sv", flat=True))
    assert order == ["Norr", "Stad", "Syd"]
    public = client.get(component.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert public.index("Norr") < public.index("Stad") < public.index("Syd")
