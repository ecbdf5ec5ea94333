"""The voting pages through the test client: the component page, the ballot with its
filters, orders and running total, adding and removing by plain POST, the review and
submission, the receipt, the project page, and a query count that does not grow with the
number of projects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.budgets.models import Ballot, Budget
from tenant_apps.budgets.voting import add_project, submit_ballot
from tenant_apps.proposals.models import ProposalLink
from tenants.models import Tenant
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, make_user, tenant_for_module
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture
def resident(alice) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(alice)
    return client


def get(client, tenant, url, **params):
    return client.get(url, params, HTTP_HOST=host_of(tenant))


def post(client, tenant, url, data=None, **extra):
    return client.post(url, data or {}, HTTP_HOST=host_of(tenant), **extra)


def text(response) -> str:
    return response.content.decode()


def test_the_component_page_lists_budgets_and_what_the_resident_may_do(tenant_a, resident, alice):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"budget_mode": "assigned_area"})
        city = make_budget(component, title_sv="Hela staden", amount=2_000_000, min_share=0)
        lundby = make_budget(
            component, title_sv="Lundby", area=Area.objects.get(slug="lundby"), min_share=0
        )
        make_project(city, "Parken", 100)
        add_project(alice, city, city.projects.get().pk)
    page = text(get(resident, tenant_a, component.get_absolute_url()))
    assert "Hela staden" in page and "Lundby" in page
    assert "2,000,000\u00a0kr" in page and "The whole city" in page
    assert "Choose projects that together cost at most 2,000,000\u00a0kr" in page
    assert "Not submitted yet" in page and "1 project on your ballot" in page
    assert "We do not know where you live" in page
    assert f'href="{lundby.pk}/"' in page


def test_the_ballot_page_shows_the_running_total_and_why_a_project_does_not_fit(
    tenant_a, resident, alice
):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), amount=1_000_000)
        park = make_project(budget, "Parken", 800_000)
        bridge = make_project(budget, "Bron", 450_000)
    url = budget.get_absolute_url()
    response = post(resident, tenant_a, f"{url}add/", {"project": park.pk})
    assert response.status_code == 302 and response["Location"] == f"{url}#ballot"
    page = text(get(resident, tenant_a, url))
    assert '<progress max="1000000" value="800000"' in page
    assert "800,000\u00a0kr of 1,000,000\u00a0kr chosen" in page and "200,000\u00a0kr left" in page
    assert "This project costs 450,000\u00a0kr and you have 200,000\u00a0kr left" in page
    response = post(resident, tenant_a, f"{url}add/", {"project": bridge.pk}, follow=True)
    assert "you have 200,000\u00a0kr left" in text(response)
    with schema_context(tenant_a.schema_name):
        assert Ballot.objects.get().choices.count() == 1
    # Back to the project card the resident came from, never to another site.
    next_url = f"{url}?sort=cost#project-{park.pk}"
    response = post(resident, tenant_a, f"{url}remove/", {"project": park.pk, "next": next_url})
    assert response["Location"] == next_url
    response = post(
        resident, tenant_a, f"{url}add/", {"project": park.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == f"{url}#ballot"


def test_filters_and_orders(tenant_a, resident):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component())
        centrum, angered = Area.objects.get(slug="centrum"), Area.objects.get(slug="angered")
        parks = Category.objects.get(slug="parker")
        make_project(budget, "Bänkar", 300, area=centrum, category=parks, title_en="Benches")
        make_project(budget, "Ljus", 100, area=angered, title_en="Lights")
        make_project(budget, "Al", 200, area=centrum, title_en="Zebra crossing")
    url = budget.get_absolute_url()

    def titles(**params) -> list[str]:
        projects = get(resident, tenant_a, url, **params).context["projects"]
        return [project.title_sv for project in projects]

    assert titles(sort="cost") == ["Ljus", "Al", "Bänkar"]
    assert titles(sort="cost_desc") == ["Bänkar", "Al", "Ljus"]
    assert titles(sort="title") == ["Bänkar", "Ljus", "Al"]  # by the English titles
    assert titles(area="centrum", sort="cost") == ["Al", "Bänkar"]
    assert titles(category="parker") == ["Bänkar"]
    assert titles(area="<script>", sort="nonsense") == titles()  # junk is ignored
    # The random order stays the same for the visitor.
    assert titles() == titles() == titles(sort="random")


def test_review_submit_and_receipt(tenant_a, resident, alice):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), min_share=50)
        park = make_project(budget, "Parken", 300_000)
        lights = make_project(budget, "Ljus", 300_000)
    url = budget.get_absolute_url()
    post(resident, tenant_a, f"{url}add/", {"project": park.pk})
    review = text(get(resident, tenant_a, f"{url}review/"))
    assert "Your ballot cannot be submitted yet" in review and "Spend at least" in review
    assert "Submit my vote" not in review
    response = post(resident, tenant_a, f"{url}review/", follow=True)
    assert "Spend at least" in text(response)
    post(resident, tenant_a, f"{url}add/", {"project": lights.pk})
    review = text(get(resident, tenant_a, f"{url}review/"))
    assert "Parken" in review and "Ljus" in review and "Submit my vote" in review
    assert "You can change your vote until voting closes." in review
    response = post(resident, tenant_a, f"{url}review/")
    assert response["Location"] == f"{url}receipt/"
    receipt = get(resident, tenant_a, f"{url}receipt/")
    with schema_context(tenant_a.schema_name):
        code = Ballot.objects.get(user=alice).receipt_code
    assert code in text(receipt) and "Parken" in text(receipt) and "Change my vote" in text(receipt)
    # The ballot page now says so, and review sends on to the receipt.
    assert "You have voted" in text(get(resident, tenant_a, url))
    assert get(resident, tenant_a, f"{url}review/")["Location"] == f"{url}receipt/"
    # Change: reopen, and it is a draft again.
    response = post(resident, tenant_a, f"{url}reopen/", follow=True)
    assert "does not count until you submit it again" in text(response)
    with schema_context(tenant_a.schema_name):
        assert Ballot.objects.get(user=alice).status == Ballot.Status.DRAFT
    assert get(resident, tenant_a, f"{url}receipt/")["Location"] == url


def test_a_final_vote_says_so(tenant_a, resident):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"allow_vote_change": False})
        budget = make_budget(component, min_share=0)
        park = make_project(budget, "Parken", 100)
    url = budget.get_absolute_url()
    post(resident, tenant_a, f"{url}add/", {"project": park.pk})
    assert "final once you submit it" in text(get(resident, tenant_a, f"{url}review/"))
    post(resident, tenant_a, f"{url}review/")
    receipt = text(get(resident, tenant_a, f"{url}receipt/"))
    assert "Votes here are final" in receipt and "Change my vote" not in receipt
    response = post(resident, tenant_a, f"{url}reopen/", follow=True)
    assert "final once submitted" in text(response)


def test_points_and_ranks_through_the_form(tenant_a, resident, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        points = make_budget(component, ballot_rule=Budget.BallotRule.CUMULATIVE, points=5)
        ranked = make_budget(component, ballot_rule=Budget.BallotRule.RANKED, max_projects=3)
        p1, p2 = make_project(points, "A", 1), make_project(points, "B", 1)
        r1, r2 = make_project(ranked, "C", 1), make_project(ranked, "D", 1)
    for budget, first, second in ((points, p1, p2), (ranked, r1, r2)):
        url = budget.get_absolute_url()
        post(resident, tenant_a, f"{url}add/", {"project": first.pk})
        post(resident, tenant_a, f"{url}add/", {"project": second.pk})
    page = text(get(resident, tenant_a, points.get_absolute_url()))
    assert f'name="points-{p1.pk}"' in page and "2 of 5 points given" in page
    assert "Save my points" in page
    url = points.get_absolute_url()
    response = post(resident, tenant_a, f"{url}allocate/", {f"points-{p1.pk}": "-2"}, follow=True)
    assert "whole numbers of 1 or more" in text(response)
    post(resident, tenant_a, f"{url}allocate/", {f"points-{p1.pk}": "4", f"points-{p2.pk}": "1"})
    for junk in ("points-abc", "points-\u00b2", f"points-{10**20}"):
        response = post(resident, tenant_a, f"{url}allocate/", {junk: "1"}, follow=True)
        assert "not on your ballot" in text(response)
    url = ranked.get_absolute_url()
    page = text(get(resident, tenant_a, url))
    assert f'name="rank-{r1.pk}"' in page and "Save my ranking" in page
    post(resident, tenant_a, f"{url}allocate/", {f"rank-{r1.pk}": "2", f"rank-{r2.pk}": "1"})
    with schema_context(tenant_a.schema_name):
        by_title = {
            c.project.title_sv: (c.points, c.rank)
            for c in Ballot.objects.get(budget=points).choices.select_related("project")
        }
        assert by_title == {"A": (4, None), "B": (1, None)}
        ranks = {
            c.project.title_sv: c.rank
            for c in Ballot.objects.get(budget=ranked).choices.select_related("project")
        }
        assert ranks == {"C": 2, "D": 1}


def test_the_project_page(tenant_a, resident, alice):
    with schema_context(tenant_a.schema_name):
        process_component = make_budgets_component()
        budget = make_budget(process_component, amount=1000)
        project = make_project(
            budget, "Parken", 400, address="Slottsskogen", latitude="57.686", longitude="11.943"
        )
        ideas = make_proposals_component(process_component.process)
        proposal = make_proposal(ideas, alice, "Fler bänkar i parken")
        ProposalLink.objects.create(
            proposal=proposal,
            target_component=process_component,
            target_key=project.follow_key,
            path=project.get_absolute_url(),
            title=project.title_sv,
        )
    url = project.get_absolute_url()
    page = text(get(resident, tenant_a, url))
    assert "Parken" in page and "400\u00a0kr" in page and "Slottsskogen" in page
    assert proposal.get_absolute_url() in page and "Fler bänkar i parken" in page
    assert f'value="{project.follow_key}"' in page
    assert "Add to my ballot" in page and 'id="comments-heading"' in page
    response = post(resident, tenant_a, f"{budget.get_absolute_url()}add/", {
        "project": project.pk, "next": f"{url}#vote"
    })  # fmt: skip
    assert response["Location"] == f"{url}#vote"
    assert "Remove from my ballot" in text(get(resident, tenant_a, url))
    # Following and commenting use the generic features.
    response = post(resident, tenant_a, "/follow/", {"key": project.follow_key, "follow": "1"})
    assert response.status_code == 302
    assert "Stop following" in text(get(resident, tenant_a, url))
    comment = post(
        resident,
        tenant_a,
        f"/comments/{process_component.pk}/project/{project.pk}/",
        {"body": "Bra idé, men tänk på belysningen.", "alignment": "0"},
    )
    assert comment.status_code in (302, 303), comment.content[:500]
    assert "tänk på belysningen" in text(get(resident, tenant_a, url))


def test_comments_hide_when_the_phase_closes_them_and_none_were_made(tenant_a, resident):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(comments_enabled=False))
        project = make_project(budget, "Parken", 400)
    page = text(get(resident, tenant_a, project.get_absolute_url()))
    assert 'id="comments-heading"' not in page


def test_visitors_see_the_ballot_and_are_asked_to_sign_in(tenant_a):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component())
        make_project(budget, "Parken", 400)
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    page = text(get(visitor, tenant_a, budget.get_absolute_url()))
    assert "Parken" in page and "Sign in to take part" in page
    assert "Add to my ballot" not in page
    for suffix in ("review/", "receipt/"):
        response = get(visitor, tenant_a, budget.get_absolute_url() + suffix)
        assert response.status_code == 302 and "login" in response["Location"]
    response = post(visitor, tenant_a, f"{budget.get_absolute_url()}add/", {"project": 1})
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert not Ballot.objects.exists()


def test_get_on_a_post_endpoint_is_refused(tenant_a, resident):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component())
    for suffix in ("add/", "remove/", "allocate/", "reopen/"):
        assert get(resident, tenant_a, budget.get_absolute_url() + suffix).status_code == 405


def test_a_closed_phase_shows_no_buttons(tenant_a, resident):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(votes_enabled=False))
        park = make_project(budget, "Parken", 400)
    page = text(get(resident, tenant_a, budget.get_absolute_url()))
    assert "Voting is not open in the current phase." in page
    assert "Add to my ballot" not in page
    response = post(resident, tenant_a, f"{budget.get_absolute_url()}add/", {"project": park.pk})
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert not Ballot.objects.exists()


# Submitting is the hot path on a voting day (benchmarks/ballots.py): the session, the
# tenant, the access checks, the vote answer once, then under the voter lock what the
# person has voted, the draft, its choices, the area, the ballot, the log and the receipt.
# (Was 35 before the vote answer was read once and the component with its space.)
SUBMIT_CEILING = 23


def test_submitting_costs_a_fixed_number_of_queries(
    tenant_a, resident, alice, django_assert_max_num_queries
):
    first = make_user("first@example.org", "First voter")
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget = make_budget(component, min_share=0)
        make_budget(component, title_sv="Andra")
        projects = [make_project(budget, f"P{n}", 100 + n) for n in range(5)]
        for project in projects:
            add_project(alice, budget, project.pk)
        # The first ballot freezes the budget (two more queries, once per budget).
        add_project(first, budget, projects[0].pk)
        submit_ballot(first, budget)
    url = budget.get_absolute_url()
    get(resident, tenant_a, url)  # warm the session and caches
    with django_assert_max_num_queries(SUBMIT_CEILING):
        response = post(resident, tenant_a, f"{url}review/")
    assert response["Location"] == f"{url}receipt/"


@pytest.mark.parametrize("rule", list(Budget.BallotRule.values))
def test_the_ballot_page_costs_the_same_with_3_and_60_projects(
    tenant_a, alice, django_assert_max_num_queries, rule
):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        small = make_budget(component, ballot_rule=rule, amount=10**9)
        large = make_budget(component, ballot_rule=rule, amount=10**9, title_sv="Stor")
        area, category = Area.objects.first(), Category.objects.first()
        for budget, count in ((small, 3), (large, 60)):
            for n in range(count):
                make_project(budget, f"P{n}", 100 + n, area=area, category=category)
            for project in list(budget.projects.all())[:3]:
                add_project(alice, budget, project.pk)
    client = Client()
    client.force_login(alice)
    get(client, tenant_a, small.get_absolute_url())  # warm the session and caches

    def measure(budget) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert get(client, tenant_a, budget.get_absolute_url()).status_code == 200
        return len(queries)

    assert measure(large) == measure(small)
    with django_assert_max_num_queries(30):
        get(client, tenant_a, large.get_absolute_url())


def test_the_component_page_costs_the_same_with_1_and_12_budgets(tenant_a, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context(tenant_a.schema_name):
        one = make_budgets_component()
        make_budget(one)
        twelve = make_budgets_component(one.process)
        for n in range(12):
            make_budget(twelve, title_sv=f"B{n}")
    client = Client()
    client.force_login(alice)
    get(client, tenant_a, one.get_absolute_url())
    counts = []
    for component in (one, twelve):
        with CaptureQueriesContext(connection) as queries:
            get(client, tenant_a, component.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_another_resident_does_not_see_my_ballot(tenant_a, resident, alice):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), min_share=0)
        park = make_project(budget, "Parken", 100)
    url = budget.get_absolute_url()
    post(resident, tenant_a, f"{url}add/", {"project": park.pk})
    post(resident, tenant_a, f"{url}review/")
    other = Client()
    other.force_login(make_user("dora@example.org", "Dora"))
    assert get(other, tenant_a, f"{url}receipt/").status_code == 302
    assert "You have voted" not in text(get(other, tenant_a, url))
