"""The participatory-budget journey in Chromium with JavaScript off: a verified resident
fills a knapsack ballot, sees the running total, submits and gets a receipt; an
unverified resident is sent to verify; staff enter a paper ballot; an admin closes the
vote, computes the outcome with both rules and publishes it; the results page and the
ballot pages pass axe."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.identity.actions import grant_verification, residence_attributes
from shared_apps.vocabularies.city import area_for_postal_code, ensure_city_vocabularies
from tenant_apps.budgets.models import Ballot, Outcome, Project
from tests.browser.test_journeys import tenant_url
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import (
    LIVE_DB,
    assert_accessible,
    make_user,
    sign_in,
    sign_in_with_two_factor,
)

pytestmark = [LIVE_DB, pytest.mark.browser]


def browser_page(browser, live_server, user, *, staff: bool = False):
    client = Client()
    (sign_in_with_two_factor if staff else sign_in)(client, user)
    site = tenant_url(live_server, "alfa", "/")
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site},
        {"name": "django_language", "value": "en", "url": site},
    ])  # fmt: skip
    session = [c for c in context.cookies() if c["name"] == "sessionid"]
    return context.new_page(), session


def test_vote_enter_paper_close_compute_publish(live_server, browser, tenant_a, alice, bob):
    ensure_city_vocabularies()
    code = area_for_postal_code("41705")
    assert code is not None
    grant_verification(
        alice, "eid", attributes=residence_attributes(code), identifier=("se-pnr", "198112189876")
    )
    berit = make_user("berit@example.org", "Berit Bengtsson")
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        component.permissions = {
            "vote": {"verifications": ["eid"], "options": {"eid": {"resident": True}}}
        }
        component.save(update_fields=["permissions"])
        budget = make_budget(component, amount=1_000_000, min_share=50, outcome_rule="greedy")
        make_project(budget, "Parken", 600_000)
        make_project(budget, "Bron", 450_000)
        make_project(budget, "Bänkarna", 300_000)
        process = component.process
        closing_phase = process.phases.order_by("position").last()
        ballot_url = tenant_url(live_server, "alfa", budget.get_absolute_url())
        manage = tenant_url(live_server, "alfa", component.get_content_manage_url())
        phases_url = tenant_url(live_server, "alfa", f"/manage/processes/{process.slug}/phases/")
        results_url = tenant_url(
            live_server, "alfa", f"{component.get_absolute_url()}results/{budget.pk}/"
        )

    # A verified resident fills a knapsack ballot and watches the running total.
    voter, voter_cookies = browser_page(browser, live_server, alice)
    voter.goto(ballot_url)
    voter.locator(".project-card", has_text="Parken").get_by_role("button").click()
    assert "400,000\u00a0kr left" in voter.locator("#ballot").inner_text()
    voter.locator(".project-card", has_text="Bron").get_by_role("button").click()
    assert "you have 400,000\u00a0kr left" in voter.locator(".messages").inner_text()
    voter.locator(".project-card", has_text="Bänkarna").get_by_role("button").click()
    assert "100,000\u00a0kr left" in voter.locator("#ballot").inner_text()
    for language in ("sv", "en"):
        assert_accessible(browser, ballot_url, cookies=voter_cookies, language=language)
        assert_accessible(browser, ballot_url + "review/", cookies=voter_cookies, language=language)
    voter.get_by_role("link", name="Review and submit").click()
    voter.get_by_role("button", name="Submit my vote").click()
    assert voter.locator("h1").inner_text() == "Your receipt"
    with schema_context(tenant_a.schema_name):
        online = Ballot.objects.get(user=alice, status="submitted")
    assert online.receipt_code in voter.locator(".receipt-code").inner_text()
    for language in ("sv", "en"):
        assert_accessible(
            browser, ballot_url + "receipt/", cookies=voter_cookies, language=language
        )

    # An unverified resident is sent to verify.
    unverified, _ = browser_page(browser, live_server, berit)
    unverified.goto(ballot_url)
    assert unverified.locator(".project-card button").count() == 0
    unverified.get_by_role("link", name="See what is needed and verify").click()
    assert "/take-part/" in unverified.url
    assert "e-ID" in unverified.locator("main").inner_text()

    # Staff enter a paper ballot (the same rules as online).
    staff, _cookies = browser_page(browser, live_server, bob, staff=True)
    staff.goto(manage + f"{budget.pk}/ballots/")
    with schema_context(tenant_a.schema_name):
        bron = Project.objects.get(title_sv="Bron")
        benches = Project.objects.get(title_sv="Bänkarna")
    staff.check(f"#p{bron.pk}")
    staff.check(f"#p{benches.pk}")
    staff.get_by_role("button", name="Enter the ballot").click()
    with schema_context(tenant_a.schema_name):
        assert Ballot.objects.filter(channel="paper", status="submitted").count() == 1

    # The admin closes the vote (the next phase), computes both rules and publishes.
    staff.goto(phases_url)
    staff.get_by_role("button", name=f"Make “{closing_phase.title_en}” active").click()
    staff.goto(manage + f"{budget.pk}/results/")
    staff.get_by_role("button", name="Compute the outcome from the submitted ballots").click()
    columns = staff.locator("main section.panel")
    assert columns.count() == 2  # greedy and equal shares, side by side
    columns.first.get_by_role("button", name="Publish this outcome").click()
    with schema_context(tenant_a.schema_name):
        published = Outcome.objects.get(published_at__isnull=False)
        assert published.rule == "greedy"
        winners = set(Project.objects.filter(status="selected").values_list("title_sv", flat=True))
    assert winners == {"Bron", "Bänkarna"}  # 2 votes each; Parken (1 vote) no longer fits

    # Everyone sees the results.
    public = browser.new_context(java_script_enabled=False, locale="en-GB").new_page()
    public.goto(results_url)
    assert "Bänkarna" in public.locator("main").inner_text()
    for language in ("sv", "en"):
        assert_accessible(browser, results_url, language=language)
