"""Permission rules per role, the auth backend behind user.has_perm, and check_action for
component actions (visibility, the active phase, sign-in, verifications)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership, User
from shared_apps.identity.actions import grant_verification
from tenant_apps.proposals.models import EvaluatorAssignment, Proposal
from tenant_apps.spaces import permissions
from tenant_apps.spaces.permissions import RULES, check_action, has_perm, require
from tenant_apps.spaces.phases import activate_phase
from tenant_apps.spaces.registry import ComponentType, Setting, registry
from tenants.roles import grant_role
from tests.conftest import make_user
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db

STAFF = ("admin", "process_admin", "moderator", "evaluator", "verifier")
EVERYONE = (*STAFF, "resident", "anonymous", "outsider")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def personas(tenant_a, bob, alice, charlie) -> dict[str, Any]:
    people: dict[str, Any] = {
        "admin": bob,
        "resident": alice,
        "anonymous": AnonymousUser(),
        "outsider": charlie,
    }
    for role in (Membership.Role.PROCESS_ADMIN, Membership.Role.MODERATOR,
                 Membership.Role.EVALUATOR, Membership.Role.VERIFIER):  # fmt: skip
        user = make_user(f"{role}@example.org", f"Staff {role}")
        grant_role(tenant_a, user, role)
        people[str(role)] = user
    return people


def test_every_rule_answers_per_role(tenant_a, personas):
    with schema_context(tenant_a.schema_name):
        public = make_process("oppen", published=True)
        draft = make_process("utkast", published=False)
        shown = make_component(public, "pages", published=True)
        hidden = make_component(public, "pages", published=False)
        in_draft = make_component(draft, "pages", published=True)
        ideas = make_component(public, "proposals", published=True)
        unassigned = Proposal.objects.create(component=ideas, title="Bänkar", body="Fler bänkar")
        assigned = Proposal.objects.create(component=ideas, title="Träd", body="Fler träd")
        EvaluatorAssignment.objects.create(proposal=assigned, user=personas["evaluator"])

        only = {
            "admin": {"admin"},
            "change": {"admin", "process_admin"},
            "staff": set(STAFF),
            "all": set(EVERYONE),
        }
        expected = [
            ("spaces.view_manage", None, only["staff"]),
            ("spaces.add_process", None, only["change"]),
            ("spaces.change_process", draft, only["change"]),
            ("spaces.change_process", public, only["change"]),
            ("spaces.change_assembly", None, only["change"]),
            ("spaces.view_space", public, only["all"]),
            ("spaces.view_space", draft, only["staff"]),
            ("spaces.view_space", None, only["staff"]),
            ("spaces.view_component", shown, only["all"]),
            ("spaces.view_component", hidden, only["staff"]),
            ("spaces.view_component", in_draft, only["staff"]),
            ("spaces.add_city_template", None, only["admin"]),
            ("accounts.change_membership", None, only["admin"]),
            ("actionlog.view_action", None, only["change"]),
            ("verification.verify_in_person", None, {"admin", "verifier"}),
            ("verification.manage_codes", public, only["change"]),
            ("privacy.change_terms", None, only["admin"]),
            ("proposals.manage_proposals", ideas, only["change"]),
            ("proposals.evaluate_proposals", ideas, only["change"] | {"evaluator"}),
            ("proposals.answer_proposal", unassigned, only["change"]),
            ("proposals.answer_proposal", assigned, only["change"] | {"evaluator"}),
            ("moderation.moderate", None, {"admin", "process_admin", "moderator"}),
            ("budgets.manage_budgets", None, only["change"]),
            ("budgets.enter_ballots", None, only["change"] | {"verifier"}),
            ("moderation.change_settings", None, only["admin"]),
            ("debates.manage_debates", None, only["change"]),
            ("meetings.manage_meetings", None, only["change"]),
            ("meetings.check_in", None, only["change"] | {"verifier"}),
            ("surveys.manage_surveys", None, only["change"]),
        ]
        assert {name for name, _obj, _who in expected} == set(RULES)

        wrong = [
            (name, str(obj), persona)
            for name, obj, allowed in expected
            for persona in EVERYONE
            if has_perm(personas[persona], name, obj) != (persona in allowed)
        ]
        assert wrong == []

        with pytest.raises(LookupError, match="no permission rule"):
            has_perm(personas["admin"], "spaces.fly_process")


def test_roles_belong_to_their_own_tenant_and_require_answers_404(tenant_a, tenant_b, bob, charlie):
    with schema_context(tenant_a.schema_name):
        assert has_perm(bob, "spaces.add_process")
        assert not has_perm(charlie, "spaces.add_process")
    with schema_context(tenant_b.schema_name):
        assert has_perm(charlie, "spaces.add_process")
        assert not has_perm(bob, "spaces.add_process")
    # The public schema (the portal) is no tenant: nobody manages spaces there.
    assert not has_perm(bob, "spaces.view_manage")
    assert not has_perm(charlie, "spaces.view_manage")
    # `require` answers 404, not 403: staff pages do not reveal themselves.
    with schema_context(tenant_a.schema_name):
        require(bob, "spaces.add_process")
        with pytest.raises(Http404):
            require(charlie, "spaces.add_process")
        with pytest.raises(Http404):
            require(AnonymousUser(), "spaces.view_manage")


def test_user_has_perm_answers_through_the_rules_backend(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process(published=False)
        # Fresh objects, as in a new request: nothing cached from earlier answers.
        bob, alice = (User.objects.get(pk=u.pk) for u in (bob, alice))
        assert bob.has_perm("spaces.change_process", process)
        assert bob.has_perm("spaces.view_space", process)
        assert not alice.has_perm("spaces.change_process", process)
        assert not alice.has_perm("spaces.view_space", process)
        # A name that is no rule falls through to Django's model permissions: no error.
        assert not bob.has_perm("spaces.delete_everything")
        assert not AnonymousUser().has_perm("spaces.view_space", process)
    # Outside a tenant schema (the portal) the same admin has no rights.
    assert not User.objects.get(pk=bob.pk).has_perm("spaces.change_process", process)


# --- check_action -------------------------------------------------------------------


@pytest.fixture
def testvotes() -> Iterator[ComponentType]:
    """A component type with a vote gated by a per-phase setting, registered globally."""
    component_type = registry.register(
        ComponentType(
            name="testvotes",
            label="Test votes",
            phase_settings=(Setting("votes_enabled", "bool", False),),
            actions={"vote": "votes_enabled"},
        )
    )
    try:
        yield component_type
    finally:
        registry.unregister("testvotes")


def votes_component(
    published: bool = True, *, open_now: bool = True, slug: str = "parken", **fields: Any
) -> Any:
    """A testvotes component in a published process of two phases (the first active)."""
    process = make_process(slug, published=True)
    first, second = process.phases.order_by("position")
    return make_component(
        process,
        "testvotes",
        published=published,
        phase_settings={
            str(first.pk): {"votes_enabled": open_now},
            str(second.pk): {"votes_enabled": not open_now},
        },
        **fields,
    )


def test_an_unpublished_component_allows_no_action_and_unknown_actions_raise(
    tenant_a, alice, testvotes
):
    with schema_context(tenant_a.schema_name):
        component = votes_component(published=False)
        for user in (alice, AnonymousUser()):
            answer = check_action(user, component, "vote")
            assert not answer
            assert (str(answer.reason), answer.fix) == ("This is not published.", "")

        with pytest.raises(LookupError, match="testvotes has no action 'fly'"):
            check_action(alice, component, "fly")
        pages = make_component(component.process, "pages")
        with pytest.raises(LookupError, match="pages has no action 'vote'"):
            check_action(alice, pages, "vote")


def test_an_action_closed_in_the_active_phase_says_so(tenant_a, alice, bob, testvotes):
    with schema_context(tenant_a.schema_name):
        component = votes_component(open_now=False)
        answer = check_action(alice, component, "vote")
        assert not answer.allowed
        assert str(answer.reason) == "This is not open in the current phase."
        assert answer.fix == ""
        # The next phase opens the vote: it is allowed once that phase is active.
        activate_phase(component.process.phases.get(position=1), by=bob)
        assert check_action(alice, component, "vote").allowed
        # The phase setting defaults to off when the phase has none stored.
        component.phase_settings = {}
        assert not check_action(alice, component, "vote")


def test_sign_in_then_a_required_verification_is_asked_for_then_admits(tenant_a, alice, testvotes):
    with schema_context(tenant_a.schema_name):
        open_vote = votes_component()
        assert check_action(alice, open_vote, "vote").allowed
        anonymous = check_action(AnonymousUser(), open_vote, "vote")
        assert not anonymous
        assert (str(anonymous.reason), anonymous.fix) == ("Sign in to take part.", "sign_in")

        strict = votes_component(slug="torget", permissions={"vote": {"verifications": ["eid"]}})
        answer = check_action(alice, strict, "vote")
        assert not answer
        assert answer.fix == "verify:eid"
        assert str(answer.reason) == "You need to verify your identity first."

        grant_verification(alice, "eid", identifier=("se-pnr", "198001012384"))
        verified = User.objects.get(pk=alice.pk)  # a new request: nothing cached
        assert check_action(verified, strict, "vote") == permissions.ActionCheck(True)
        assert not check_action(AnonymousUser(), strict, "vote").allowed


def test_a_blocked_account_is_refused_here_and_asked_once_per_request(
    tenant_a, tenant_b, alice, testvotes, django_assert_num_queries
):
    from tenant_apps.moderation.models import Block

    with schema_context(tenant_a.schema_name):
        component = votes_component()
        Block.objects.create(user=alice, reason="Spam")
        blocked = User.objects.get(pk=alice.pk)  # a new request
        answer = check_action(blocked, component, "vote")
        assert not answer
        assert (str(answer.reason), answer.fix) == (
            "Your account is blocked from taking part here.",
            "",
        )
        with django_assert_num_queries(0):
            assert permissions.is_blocked(blocked)
    with schema_context(tenant_b.schema_name):
        assert not permissions.is_blocked(blocked)  # blocks stay in their tenant


def test_the_temporary_type_is_gone_after_its_test():
    assert "testvotes" not in registry
