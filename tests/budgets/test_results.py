"""Results: both rules side by side from online and paper ballots, publishing (another
rule needs a reason), overrides with a public reason, and the public results page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.actionlog.models import Action
from tenant_apps.budgets.models import Ballot, BallotChoice, Outcome, Project
from tenant_apps.budgets.results import compute_outcomes, override_outcome, publish_outcome
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in_with_two_factor
from tests.spaces.factories import make_process

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


def vote(budget, *projects, channel="online", area=""):
    ballot = Ballot.objects.create(
        budget=budget, status="submitted", channel=channel, area_slug=area
    )
    for project in projects:
        BallotChoice.objects.create(ballot=ballot, project=project)
    return ballot


def voted_budget(component=None, **fields):
    """A budget where greedy and Equal Shares disagree: a big majority project and a
    minority's cheap one."""
    budget = make_budget(component or make_budgets_component(), amount=100, **fields)
    a = make_project(budget, "A", 60)
    b = make_project(budget, "B", 40)
    c = make_project(budget, "C", 40)
    for _ in range(3):
        vote(budget, a, b, area="centrum")
    vote(budget, a, b, channel="paper")
    vote(budget, c, channel="paper", area="hisingen")
    Ballot.objects.create(budget=budget, status="draft", user=None)
    return budget, a, b, c


def test_it_computes_both_rules_from_online_and_paper_ballots(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, a, b, c = voted_budget()
        greedy, shares = compute_outcomes(bob, budget)
        assert (greedy.rule, shares.rule, shares.completion) == ("greedy", "equal_shares", "add1")
        assert set(greedy.selected) == {a.pk, b.pk}
        assert (greedy.ballots_online, greedy.ballots_paper) == (3, 2)
        assert greedy.votes[str(a.pk)] == {"total": 4, "online": 3, "paper": 1}
        assert greedy.votes[str(c.pk)] == {"total": 1, "online": 0, "paper": 1}
        # Computing again replaces the unpublished outcomes.
        compute_outcomes(bob, budget)
        assert Outcome.objects.count() == 2
        assert Action.objects.filter(verb="budgets.outcomes_computed").count() == 2


def test_publishing_the_chosen_rule_sets_statuses_and_another_rule_needs_a_reason(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, a, b, c = voted_budget()
        greedy, shares = compute_outcomes(bob, budget)
        with pytest.raises(ValidationError, match="Give a public reason"):
            publish_outcome(bob, shares)
        publish_outcome(bob, greedy)
        statuses = dict(Project.objects.values_list("pk", "status"))
        assert statuses == {a.pk: "selected", b.pk: "selected", c.pk: "not_selected"}
        publish_outcome(bob, shares, reason="The council chose proportional funding.")
        assert list(Outcome.objects.filter(published_at__isnull=False)) == [shares]
        assert Project.objects.get(pk=c.pk).status == (
            "selected" if c.pk in shares.selected else "not_selected"
        )
        logged = Action.objects.filter(verb="budgets.outcome_published").order_by("pk").last()
        assert logged.data["reason"] == "The council chose proportional funding."


def test_an_override_needs_a_public_reason_and_shows_on_the_public_page(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, a, b, c = voted_budget()
        greedy, _shares = compute_outcomes(bob, budget)
        publish_outcome(bob, greedy)
        with pytest.raises(ValidationError, match="public reason"):
            override_outcome(bob, greedy, selected=[a.pk], reason=" ")
        override_outcome(bob, greedy, selected=[a.pk, c.pk], reason="B is already built.")
        greedy.refresh_from_db()
        assert set(greedy.winners) == {a.pk, c.pk}
        assert Project.objects.get(pk=b.pk).status == "not_selected"
        before, after = Action.objects.get(verb="budgets.outcome_overridden").data["changes"][
            "winners"
        ]
        assert (set(before), set(after)) == ({a.pk, b.pk}, {a.pk, c.pk})
    page = Client().get(
        f"{budget.component.get_absolute_url()}results/{budget.pk}/",
        HTTP_HOST=host_of(tenant_a),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert "B is already built." in page.content.decode()


def test_the_staff_results_page_computes_and_publishes(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, _a, _b, _c = voted_budget()
    url = f"{budget.component.get_content_manage_url()}{budget.pk}/results/"
    client = staff(bob)
    host = host_of(tenant_a)
    assert "No outcome is computed yet" in client.get(url, HTTP_HOST=host).content.decode()
    assert client.post(url, HTTP_HOST=host).status_code == 302
    page = client.get(url, HTTP_HOST=host).content.decode()
    assert "Method of Equal Shares" in page and "Chosen rule" in page
    with schema_context(tenant_a.schema_name):
        shares = Outcome.objects.get(rule="equal_shares")
    refused = client.post(f"{url}{shares.pk}/publish/", {"reason": ""}, HTTP_HOST=host)
    assert refused.status_code == 302
    assert "Give a public reason" in client.get(url, HTTP_HOST=host).content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Outcome.objects.filter(published_at__isnull=False).exists()


def test_the_public_results_page_shows_votes_by_channel_area_and_completion(
    tenant_a, bob, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        budget, _a, _b, _c = voted_budget()
        greedy, _shares = compute_outcomes(bob, budget)
    url = f"{budget.component.get_absolute_url()}results/{budget.pk}/"
    host = host_of(tenant_a)
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    assert visitor.get(url, HTTP_HOST=host).status_code == 404  # nothing published yet
    with schema_context(tenant_a.schema_name):
        publish_outcome(bob, greedy)
    with django_assert_max_num_queries(20):
        response = visitor.get(url, HTTP_HOST=host)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img"' in page
    assert "<td>3</td><td>1</td><td>4</td>" in page  # A: online, paper, total
    assert "83 % of the ballots started were submitted (5 submitted, 1 not finished)" in page
    assert 'href="ballots.pb"' in page
    index = visitor.get(f"{budget.component.get_absolute_url()}results/", HTTP_HOST=host)
    assert f'href="{budget.pk}/"' in index.content.decode()


def test_results_are_404_on_another_tenants_host_and_for_an_unpublished_space(
    tenant_a, tenant_b, bob, alice
):
    with schema_context(tenant_a.schema_name):
        budget, *_ = voted_budget()
        publish_outcome(bob, compute_outcomes(bob, budget)[0])
        hidden_space = make_process("utkast", published=False)
        hidden, *_ = voted_budget(make_budgets_component(hidden_space))
        publish_outcome(bob, compute_outcomes(bob, hidden)[0])
    urls = []
    for item in (budget, hidden):
        base = f"{item.component.get_absolute_url()}results/"
        urls += [base, f"{base}{item.pk}/", f"{base}{item.pk}/ballots.pb",
                 f"{item.component.get_absolute_url()}delivery/"]  # fmt: skip
    resident = Client()
    resident.force_login(alice)
    for client in (Client(), resident):
        for url in urls:
            assert client.get(url, HTTP_HOST=host_of(tenant_b)).status_code == 404, url
        for url in urls[4:]:
            assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
        for url in urls[:4]:
            assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 200, url
