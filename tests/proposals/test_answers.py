"""Official answers, evaluators, custom states and the handover to another component."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from shared_apps.notifications.models import Notification
from tenant_apps.actionlog.models import Action
from tenant_apps.news.models import Post
from tenant_apps.proposals.answers import (
    answer_proposal,
    assign_evaluator,
    delete_custom_state,
    save_custom_state,
)
from tenant_apps.proposals.handover import (
    CreatedItem,
    Receiver,
    hand_over,
    register_receiver,
    unregister_receiver,
)
from tenant_apps.proposals.models import Proposal, ProposalLink
from tenants.roles import grant_role
from tests.conftest import activate_totp, host_of, make_user, sign_in_with_two_factor
from tests.proposals.factories import make_proposal, make_proposals_component
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_answer_reaches_the_author_only_when_answers_are_shown(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        quiet = make_proposals_component(make_process("tyst"), answers_published=False)
        early = make_proposal(quiet, alice, "Tidigt svar")
        answer_proposal(bob, early, state="evaluating", answer_sv="Vi tittar på det.")
        assert not Notification.objects.exists()
        component = make_proposals_component()
        proposal = make_proposal(component, alice)
        answer_proposal(bob, proposal, state="rejected", answer_sv="Nej, tyvärr.", cost=1000)
        proposal.refresh_from_db()
        assert (proposal.state, proposal.answer_cost) == ("rejected", 1000)
        assert proposal.answered_at is not None
        assert Action.objects.filter(verb="proposals.answered").count() == 2
    entry = Notification.objects.get(user=alice)
    with translation.override("sv"):
        swedish = str(Proposal.State.REJECTED.label)
    assert (entry.event, entry.tenant, entry.text_sv, entry.text_en) == (
        "answer",
        tenant_a,
        swedish,
        "Rejected",
    )


def test_accepting_tells_everyone_who_follows(tenant_a, bob, alice):
    from shared_apps.notifications.actions import follow

    follower = make_user("fia@example.com", "Fia")
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), alice)
        follow(follower, proposal.follow_key, title_sv="x", path="/x/")
        follow(alice, proposal.follow_key, title_sv="x", path="/x/")
        answer_proposal(bob, proposal, state="accepted", answer_sv="Ja!")
    events = set(Notification.objects.values_list("user__email", "event"))
    assert events == {(alice.email, "proposal_accepted"), (follower.email, "proposal_accepted")}


def test_an_answer_needs_swedish_text_and_a_known_state(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), alice)
        with pytest.raises(ValidationError) as missing:
            answer_proposal(bob, proposal, state="accepted", answer_sv="  ")
        assert "answer_sv" in missing.value.message_dict
        with pytest.raises(ValidationError) as unknown:
            answer_proposal(bob, proposal, state="maybe", answer_sv="Kanske")
        assert "state" in unknown.value.message_dict
        assert Proposal.objects.get(pk=proposal.pk).state == ""


def test_an_evaluator_answers_only_what_is_assigned(client, tenant_a, bob, alice):
    eva = make_user("eva@example.org", "Eva Evaluator")
    grant_role(tenant_a, eva, Membership.Role.EVALUATOR)
    activate_totp(eva)
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        mine = make_proposal(component, alice, "Tilldelat förslag")
        other = make_proposal(component, alice, "Annat förslag")
        with pytest.raises(ValidationError):
            assign_evaluator(bob, mine, alice)  # not staff of this administration
        assign_evaluator(bob, mine, eva)
        assign_evaluator(bob, mine, eva)  # idempotent
        with pytest.raises(Http404):
            answer_proposal(eva, other, state="accepted", answer_sv="Ja")
        answer_proposal(eva, mine, state="evaluating", answer_sv="Vi utreder.")
    sign_in_with_two_factor(client, eva)
    manage = component.get_content_manage_url()
    listing = client.get(manage, HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "Tilldelat förslag" in listing and "Annat förslag" not in listing
    assert client.get(f"{manage}{other.pk}/", HTTP_HOST=host_of(tenant_a)).status_code == 404
    assert client.get(f"{manage}states/", HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_custom_states_can_be_used_and_removed_only_when_unused(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        state = save_custom_state(bob, component, slug="planerad", label_sv="Redan planerad")
        with pytest.raises(ValidationError):
            save_custom_state(bob, component, slug="accepted", label_sv="Fusk")
        proposal = make_proposal(component, alice)
        answer_proposal(bob, proposal, state="custom:planerad", answer_sv="Det är planerat.")
        with pytest.raises(ValidationError):
            delete_custom_state(bob, state)
        answer_proposal(bob, proposal, state="accepted", answer_sv="Ja.")
        delete_custom_state(bob, state)
    assert Notification.objects.filter(user=alice, text_sv="Redan planerad").exists()


def _posts_from(target, proposals, by):
    made = []
    for proposal in proposals:
        post = Post.objects.create(component=target, title_sv=proposal.title, body_sv="<p>x</p>")
        made.append(
            CreatedItem(proposal, f"post:{post.pk}", post.get_absolute_url(), post.title_sv)
        )
    return made


def test_handover_creates_items_once_and_links_them(client, tenant_a, bob, alice):
    register_receiver(Receiver("news", "News", _posts_from))
    try:
        with schema_context(tenant_a.schema_name):
            component = make_proposals_component()
            target = make_component(component.process, "news", name_sv="Projekt")
            accepted = make_proposal(component, alice, "Antaget", state="accepted")
            make_proposal(component, alice, "Avslaget", state="rejected")
            make_proposal(
                component, alice, "Återtaget", state="accepted", withdrawn_at="2026-01-01T00:00Z"
            )
            assert len(hand_over(bob, component, target)) == 1
            assert hand_over(bob, component, target) == []
            link = ProposalLink.objects.get()
            assert (link.proposal, link.title) == (accepted, "Antaget")
            assert Post.objects.filter(component=target).count() == 1
            with pytest.raises(Http404):
                hand_over(alice, component, target)
        page = client.get(accepted.get_absolute_url(), HTTP_HOST=host_of(tenant_a))
        assert link.path in page.content.decode()
    finally:
        unregister_receiver("news")
