"""Every staff page of budgets and the public results and delivery pages pass axe, in
Swedish and English."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenant_apps.budgets.delivery import add_milestone, add_update
from tenant_apps.budgets.models import Ballot, BallotChoice
from tenant_apps.budgets.results import compute_outcomes, publish_outcome
from tests.browser.test_journeys import tenant_url
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import LIVE_DB, assert_accessible, sign_in_with_two_factor

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_the_budget_pages_pass_axe(live_server, browser, client, tenant_a, bob):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = make_budget(component, amount=1000, min_share=0)
        a = make_project(budget, "Bänkar", 600)
        b = make_project(budget, "Träd", 400)
        for channel, chosen in (("online", [a, b]), ("paper", [a]), ("online", [b])):
            ballot = Ballot.objects.create(budget=budget, status="submitted", channel=channel)
            for project in chosen:
                BallotChoice.objects.create(ballot=ballot, project=project)
        Ballot.objects.create(
            budget=budget, status="voided", channel="assisted", void_reason="Fel kryss"
        )
        greedy, _shares = compute_outcomes(bob, budget)
        publish_outcome(bob, greedy)
        add_milestone(bob, a, title_sv="Bygglov", due=date(2027, 3, 1))
        add_update(bob, a, text_sv="Nu bygger vi.")
        manage = component.get_content_manage_url()
        public = component.get_absolute_url()
    sign_in_with_two_factor(client, bob)
    cookies = [
        {
            "name": "sessionid",
            "value": client.cookies["sessionid"].value,
            "url": tenant_url(live_server, "alfa", "/"),
        }
    ]
    staff_pages = [
        manage, f"{manage}new/", f"{manage}simulate/", f"{manage}{budget.pk}/",
        f"{manage}{budget.pk}/projects/", f"{manage}{budget.pk}/projects/new/",
        f"{manage}{budget.pk}/projects/{a.pk}/", f"{manage}{budget.pk}/ballots/",
        f"{manage}{budget.pk}/ballots/import/", f"{manage}{budget.pk}/results/",
        f"{manage}{budget.pk}/projects/{a.pk}/delivery/",
    ]  # fmt: skip
    public_pages = [
        f"{public}results/", f"{public}results/{budget.pk}/", f"{public}delivery/",
        f"{public}delivery/{a.pk}/",
    ]  # fmt: skip
    for language in ("sv", "en"):
        for path in staff_pages:
            assert_accessible(
                browser, tenant_url(live_server, "alfa", path), cookies=cookies, language=language
            )
        for path in public_pages:
            assert_accessible(browser, tenant_url(live_server, "alfa", path), language=language)
