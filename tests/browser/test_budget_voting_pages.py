"""Voting in Chromium: every voting page passes axe in Swedish and English (the ballot in
each rule, the review, the receipt, the project page, the component page), and a resident
votes from the list to the receipt with JavaScript off."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.budgets.models import Ballot, Budget
from tenant_apps.budgets.voting import add_project, set_allocation, submit_ballot
from tests.browser.test_journeys import tenant_url
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import LIVE_DB, assert_accessible, make_user, sign_in

pytestmark = [LIVE_DB, pytest.mark.browser]
Rule = Budget.BallotRule


def session(client, live_server, user) -> list[dict[str, str]]:
    sign_in(client, user)
    value = client.cookies["sessionid"].value
    return [{"name": "sessionid", "value": value, "url": tenant_url(live_server, "alfa", "/")}]


def test_the_voting_pages_pass_axe(live_server, browser, client, tenant_a, alice):
    ensure_city_vocabularies()
    voter = make_user("vera@example.org", "Vera Voter")
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        area, category = Area.objects.get(slug="centrum"), Category.objects.first()
        paths = [component.get_absolute_url()]
        for rule in Rule.values:
            budget = make_budget(
                component, title_sv=f"Budget {rule}", ballot_rule=rule, amount=1_000_000,
                min_share=10, max_projects=3, points=5, area=area,
                description_sv="Pengar till **parker**.",
            )  # fmt: skip
            projects = [
                make_project(
                    budget, f"Projekt {n}", 150_000 + n * 400_000, area=area, category=category,
                    address="Slottsskogen", latitude="57.686", longitude="11.943",
                )
                for n in range(3)
            ]  # fmt: skip
            add_project(alice, budget, projects[0].pk)
            add_project(alice, budget, projects[1].pk)
            if rule == Rule.CUMULATIVE:
                set_allocation(alice, budget, {projects[0].pk: 3, projects[1].pk: 2})
            paths.append(budget.get_absolute_url())
            if rule == Rule.KNAPSACK:
                paths += [f"{budget.get_absolute_url()}review/", projects[2].get_absolute_url()]
                add_project(voter, budget, projects[0].pk)
                submit_ballot(voter, budget)
                receipt = f"{budget.get_absolute_url()}receipt/"
    resident = session(client, live_server, alice)
    voted = session(Client(), live_server, voter)
    for language in ("sv", "en"):
        for path in paths:
            url = tenant_url(live_server, "alfa", path)
            assert_accessible(browser, url, cookies=resident, language=language)
        assert_accessible(
            browser, tenant_url(live_server, "alfa", receipt), cookies=voted, language=language
        )
        # Visitors see the ballot with the sign-in notice.
        assert_accessible(browser, tenant_url(live_server, "alfa", paths[1]), language=language)


def test_a_resident_votes_without_javascript(live_server, page, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), amount=1_000_000, min_share=50)
        make_project(budget, "Parken", 600_000)
        make_project(budget, "Bron", 450_000)
    client = Client()
    sign_in(client, alice)
    site = tenant_url(live_server, "alfa", "/")
    page.context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site},
        {"name": "django_language", "value": "en", "url": site},
    ])  # fmt: skip
    page.goto(tenant_url(live_server, "alfa", budget.get_absolute_url()))
    page.locator(".project-card", has_text="Parken").get_by_role("button").click()
    assert "The project is on your ballot." in page.locator(".messages").inner_text()
    assert "400,000\u00a0kr left" in page.locator("#ballot").inner_text()
    page.locator(".project-card", has_text="Bron").get_by_role("button").click()
    assert "you have 400,000\u00a0kr left" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Review and submit").click()
    assert "Parken" in page.locator("main").inner_text()
    page.get_by_role("button", name="Submit my vote").click()
    assert page.locator("h1").inner_text() == "Your receipt"
    with schema_context(tenant_a.schema_name):
        ballot = Ballot.objects.get(user=alice)
    assert ballot.status == Ballot.Status.SUBMITTED
    assert ballot.receipt_code in page.locator(".receipt-code").inner_text()
