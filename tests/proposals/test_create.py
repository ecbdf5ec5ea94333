"""Residents propose, change within the window and withdraw; bad input keeps the text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.postgres.search import SearchQuery
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.actionlog.models import Action
from tenant_apps.proposals.models import Proposal
from tenants.models import Tenant
from tests.conftest import host_of, make_user, sign_in, tenant_for_module
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def post_proposal(client, tenant, component, **data):
    data.setdefault("title", "Fler bänkar i parken")
    data.setdefault("body", "Det behövs fler bänkar längs gångvägen vid dammen.")
    return client.post(f"{component.get_absolute_url()}new/", data, HTTP_HOST=host_of(tenant))


def test_it_publishes_a_proposal_and_the_author_is_logged(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
    sign_in(client, alice)
    response = post_proposal(
        client, tenant_a, component, address="Slottsskogen", latitude="57.686", longitude="11.943"
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        proposal = Proposal.objects.get()
        assert response["Location"] == proposal.get_absolute_url()
        assert proposal.author == alice
        assert proposal.address == "Slottsskogen"
        assert Action.objects.filter(verb="proposals.created", actor=alice).exists()
        assert Proposal.objects.filter(search_vector=SearchQuery("bänk", config="swedish")).exists()
    page = client.get(proposal.get_absolute_url(), HTTP_HOST=host_of(tenant_a))
    assert "Fler bänkar i parken" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "abc"}, "title", "Write at least 5 characters."),
        ({"body": "x" * 3001}, "body", "at most 3000"),
        ({"latitude": "57.7"}, "latitude", "Give both latitude and longitude"),
        ({"latitude": "957.7", "longitude": "11"}, "latitude", "less than or equal to 90"),
    ],
)
def test_it_refuses_bad_input_with_a_message_and_keeps_the_text(
    client, tenant_a, alice, data, field, message
):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
    sign_in(client, alice)
    response = post_proposal(client, tenant_a, component, **data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    body = response.content.decode()
    if "title" not in data:
        assert "Fler bänkar i parken" in body
    with schema_context(tenant_a.schema_name):
        assert not Proposal.objects.exists()


def test_it_refuses_proposals_in_a_closed_phase_and_keeps_the_text(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(creation_enabled=False)
    sign_in(client, alice)
    response = post_proposal(client, tenant_a, component)
    assert response.status_code == 400
    assert "This is not open in the current phase." in response.content.decode()
    assert "Det behövs fler bänkar" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Proposal.objects.exists()


def test_it_asks_visitors_to_sign_in(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
    page = client.get(f"{component.get_absolute_url()}new/", HTTP_HOST=host_of(tenant_a))
    assert page.status_code == 200
    assert "Sign in to take part" in page.content.decode()
    assert post_proposal(client, tenant_a, component).status_code == 400


def test_it_keeps_to_the_proposal_limit(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"proposal_limit": 1})
        make_proposal(component, alice)
    sign_in(client, alice)
    response = post_proposal(client, tenant_a, component)
    assert response.status_code == 400
    assert "the most allowed" in response.content.decode()


def test_it_lets_the_author_edit_only_within_the_window(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"edit_minutes": 30})
        proposal = make_proposal(component, alice)
    sign_in(client, alice)
    url = f"{proposal.get_absolute_url()}edit/"
    data = {"title": "Fler bänkar och bord", "body": "Bänkar och bord vid dammen, tack."}
    assert client.post(url, data, HTTP_HOST=host_of(tenant_a)).status_code == 302
    with schema_context(tenant_a.schema_name):
        proposal.refresh_from_db()
        assert proposal.title == "Fler bänkar och bord"
        changed = Action.objects.get(verb="proposals.edited")
        assert changed.data["changes"]["title"] == ["Fler bänkar", "Fler bänkar och bord"]
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        late = client.post(url, {**data, "title": "Sent ändrat"}, HTTP_HOST=host_of(tenant_a))
    assert late.status_code == 400
    assert "can no longer be changed" in late.content.decode()


def test_only_the_author_reaches_the_edit_and_withdraw_pages(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        proposal = make_proposal(component, alice)
    other = make_user("eve@example.com", "Eve")
    sign_in(client, other)
    for path in ("edit/", "withdraw/"):
        response = client.post(
            f"{proposal.get_absolute_url()}{path}",
            {"title": "Kapad titel", "body": "x" * 20},
            HTTP_HOST=host_of(tenant_a),
        )
        assert response.status_code == 404


def test_it_withdraws_a_proposal_from_the_list(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        proposal = make_proposal(component, alice)
    sign_in(client, alice)
    url = f"{proposal.get_absolute_url()}withdraw/"
    assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 200
    assert client.post(url, HTTP_HOST=host_of(tenant_a)).status_code == 302
    listing = client.get(component.get_absolute_url(), HTTP_HOST=host_of(tenant_a))
    assert "Fler bänkar" not in listing.content.decode()
    withdrawn = client.get(
        f"{component.get_absolute_url()}?withdrawn=1", HTTP_HOST=host_of(tenant_a)
    )
    assert "Fler bänkar" in withdrawn.content.decode()
    page = client.get(proposal.get_absolute_url(), HTTP_HOST=host_of(tenant_a))
    assert "The author has withdrawn this proposal." in page.content.decode()
