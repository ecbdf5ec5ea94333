"""Paper and assisted ballots: the online rules, one ballot per person across channels,
a CSV imported all or nothing, and a log that never links a person to their choices."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.actionlog.models import Action
from tenant_apps.budgets.ballot_rules import Choice
from tenant_apps.budgets.models import Ballot, BallotChoice, Budget
from tenant_apps.budgets.paper import enter_paper_ballot, import_paper_ballots
from tenant_apps.budgets.voters import voter_key_for_personal_number
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in_with_two_factor

pytestmark = pytest.mark.django_db

PNR = "19800101-0019"
OTHER_PNR = "19900202-0007"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def staff(user) -> Client:
    client = Client()
    sign_in_with_two_factor(client, user)
    client.cookies["django_language"] = "en"
    return client


def budget_with_projects(**fields):
    budget = make_budget(make_budgets_component(), amount=1_000_000, min_share=50, **fields)
    big = make_project(budget, "Simhall", 800_000)
    small = make_project(budget, "Bänkar", 300_000)
    tiny = make_project(budget, "Träd", 250_000)
    return budget, big, small, tiny


def test_it_enters_a_paper_ballot_through_the_page_and_freezes_the_budget(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, _small, _tiny = budget_with_projects()
    url = f"{budget.component.get_content_manage_url()}{budget.pk}/ballots/"
    client = staff(bob)
    host = host_of(tenant_a)
    assert client.get(url, HTTP_HOST=host).status_code == 200
    response = client.post(
        url, {f"project_{big.pk}": "1", "channel": "assisted", "personal_number": PNR},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        ballot = Ballot.objects.get()
        assert (ballot.channel, ballot.status, ballot.entered_by) == ("assisted", "submitted", bob)
        assert ballot.voter_key == voter_key_for_personal_number(PNR)
        assert PNR not in ballot.voter_key
        assert Budget.objects.get().frozen_at is not None
        logged = Action.objects.get(verb="budgets.paper_ballot_entered")
    assert set(logged.data) == {"budget", "channel", "with_identity"}
    assert PNR not in str(logged.data) and str(big.pk) not in str(logged.data.get("channel"))


def test_a_ballot_over_budget_is_refused_with_the_online_message(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, small, _tiny = budget_with_projects()
    url = f"{budget.component.get_content_manage_url()}{budget.pk}/ballots/"
    response = staff(bob).post(
        url, {f"project_{big.pk}": "1", f"project_{small.pk}": "1", "channel": "paper"},
        HTTP_HOST=host_of(tenant_a),
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "more than the budget of" in page
    assert f'name="project_{big.pk}" value="1" checked' in page  # the choices are kept
    with schema_context(tenant_a.schema_name):
        assert not Ballot.objects.exists()
        assert Budget.objects.get().frozen_at is None


def test_a_person_who_voted_online_or_on_paper_is_caught(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, _small, _tiny = budget_with_projects()
        Ballot.objects.create(
            budget=budget, status="submitted", voter_key=voter_key_for_personal_number(PNR)
        )
        with pytest.raises(ValidationError, match="already voted"):
            enter_paper_ballot(bob, budget, [Choice(big.pk, 0)], personal_number=PNR)
        enter_paper_ballot(bob, budget, [Choice(big.pk, 0)], personal_number=OTHER_PNR)
        with pytest.raises(ValidationError, match="already voted"):
            enter_paper_ballot(bob, budget, [Choice(big.pk, 0)], personal_number=OTHER_PNR)
        # Without a personal number nothing can be matched: each ballot counts.
        enter_paper_ballot(bob, budget, [Choice(big.pk, 0)])
        enter_paper_ballot(bob, budget, [Choice(big.pk, 0)])
        assert Ballot.objects.filter(channel="paper").count() == 3
        with pytest.raises(ValidationError, match="not valid"):
            enter_paper_ballot(bob, budget, [Choice(big.pk, 0)], personal_number="19800101-0018")


def test_points_and_ranks_follow_the_rules(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, small, _tiny = budget_with_projects(ballot_rule="cumulative", points=5)
        with pytest.raises(ValidationError, match="you have 5 to give"):
            enter_paper_ballot(bob, budget, [Choice(big.pk, 0, 4), Choice(small.pk, 0, 2)])
        enter_paper_ballot(bob, budget, [Choice(big.pk, 0, 3), Choice(small.pk, 0, 2)])
        assert sorted(BallotChoice.objects.values_list("points", flat=True)) == [2, 3]


CSV_GOOD = "personal_number,projects,area\n{pnr},{big},\n,{small};{tiny},\n"
CSV_BAD = (
    "personal_number,projects\n{pnr},{big}\n19800101-0018,{big}\n,{big};{small}\n{pnr},{tiny}\n"
    ",999999\n"
)


def test_a_csv_with_bad_rows_imports_nothing_and_names_each_row(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, small, tiny = budget_with_projects()
    url = f"{budget.component.get_content_manage_url()}{budget.pk}/ballots/import/"
    text = CSV_BAD.format(pnr=PNR, big=big.pk, small=small.pk, tiny=tiny.pk)
    upload = SimpleUploadedFile("ballots.csv", text.encode(), content_type="text/csv")
    response = staff(bob).post(
        url, {"file": upload, "channel": "paper"}, HTTP_HOST=host_of(tenant_a)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "The personal identity number is not valid" in page  # row 3
    assert "more than the budget of" in page  # row 4
    assert "The same person is already on row 2." in page  # row 5
    assert "Project 999999 is not in this budget." in page  # row 6
    with schema_context(tenant_a.schema_name):
        assert not Ballot.objects.exists()
        assert Budget.objects.get().frozen_at is None


def test_a_good_csv_imports_every_ballot_and_catches_people_who_already_voted(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, small, tiny = budget_with_projects()
        text = CSV_GOOD.format(pnr=PNR, big=big.pk, small=small.pk, tiny=tiny.pk)
        report = import_paper_ballots(bob, budget, text)
        assert report.errors == [] and len(report.ballots) == 2
        assert Ballot.objects.filter(channel="paper", status="submitted").count() == 2
        # The same file again: the person with a number has voted; nothing is imported.
        again = import_paper_ballots(bob, budget, text)
        assert again.errors and "already voted" in again.errors[0][1][0]
        assert Ballot.objects.count() == 2
        logged = Action.objects.get(verb="budgets.paper_ballots_imported")
        assert logged.data["count"] == 2 and PNR not in str(logged.data)


def test_a_wrongly_entered_ballot_is_voided_with_a_reason_and_entered_again(tenant_a, bob):
    from tenant_apps.budgets.paper import void_paper_ballot

    with schema_context(tenant_a.schema_name):
        budget, big, small, tiny = budget_with_projects()
        wrong = enter_paper_ballot(
            bob, budget, [Choice(small.pk, 0), Choice(tiny.pk, 0)], personal_number=PNR
        )
    url = f"{budget.component.get_content_manage_url()}{budget.pk}/ballots/"
    client, host = staff(bob), host_of(tenant_a)
    page = client.get(url, HTTP_HOST=host).content.decode()
    assert "Bänkar" in page and "Träd" in page and "Void this ballot" in page
    reason = "Fel kryss: Simhall, inte Bänkar"
    response = client.post(
        f"{url}void/", {"ballot": str(wrong.public_id), "reason": reason}, HTTP_HOST=host
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#entered"
    with schema_context(tenant_a.schema_name):
        wrong.refresh_from_db()
        assert wrong.status == Ballot.Status.VOIDED and wrong.voided_by_id == bob.pk
        assert wrong.void_reason == "Fel kryss: Simhall, inte Bänkar"
        # The person is free to be entered again, correctly; only that ballot counts.
        right = enter_paper_ballot(bob, budget, [Choice(big.pk, 0)], personal_number=PNR)
        assert list(Ballot.objects.filter(budget=budget, status="submitted")) == [right]
        logged = Action.objects.get(verb="budgets.paper_ballot_voided")
        assert logged.data["reason"] == "Fel kryss: Simhall, inte Bänkar"
        assert logged.data["ballot"] == str(wrong.public_id)
        with pytest.raises(ValidationError, match="already voided"):
            void_paper_ballot(bob, budget, wrong.public_id, "Igen")
    page = client.get(url, HTTP_HOST=host).content.decode()
    assert "1 ballot is voided and counts nowhere." in page
    assert "Fel kryss: Simhall, inte Bänkar" in page


def test_voiding_needs_a_reason_and_keeps_what_was_typed(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        budget, big, _small, _tiny = budget_with_projects()
        ballot = enter_paper_ballot(bob, budget, [Choice(big.pk, 0)])
    url = f"{budget.component.get_content_manage_url()}{budget.pk}/ballots/"
    client, host = staff(bob), host_of(tenant_a)
    response = client.post(
        f"{url}void/", {"ballot": str(ballot.public_id), "reason": "  "}, HTTP_HOST=host
    )
    assert response.status_code == 400
    assert "Say why the ballot is voided." in response.content.decode()
    for bad in ("", "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = client.post(f"{url}void/", {"ballot": bad, "reason": "Fel"}, HTTP_HOST=host)
        assert response.status_code == 400
        assert "There is no paper or assisted ballot with that number." in response.content.decode()
    with schema_context(tenant_a.schema_name):
        ballot.refresh_from_db()
        assert ballot.status == Ballot.Status.SUBMITTED


def test_online_ballots_and_published_results_cannot_be_voided(tenant_a, bob, alice):
    from tenant_apps.budgets.models import Outcome
    from tenant_apps.budgets.paper import void_paper_ballot

    with schema_context(tenant_a.schema_name):
        budget, big, _small, _tiny = budget_with_projects()
        online = Ballot.objects.create(
            budget=budget, user=alice, voter_key="account:1", status="submitted"
        )
        with pytest.raises(ValidationError, match="no paper or assisted ballot"):
            void_paper_ballot(bob, budget, online.public_id, "Fel")
        paper = enter_paper_ballot(bob, budget, [Choice(big.pk, 0)])
        Outcome.objects.create(
            budget=budget, rule="greedy", selected=[big.pk], published_at="2026-11-27T10:00Z"
        )
        with pytest.raises(ValidationError, match="results are published"):
            void_paper_ballot(bob, budget, paper.public_id, "Fel")
        paper.refresh_from_db()
        assert paper.status == Ballot.Status.SUBMITTED
