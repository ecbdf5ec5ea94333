"""The whole life of an e-proposal across two tenants, through the action functions:
submit, publish, support to the threshold, route, reroute with a reason, receive,
investigate, "not our responsibility" back to routing, decide, follow up, carried out;
with the inbox entries each step leaves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from shared_apps.accounts.models import Membership
from shared_apps.eproposals import actions, handling, supports
from shared_apps.eproposals.errors import EProposalRefused
from shared_apps.eproposals.models import (
    AnswerDeadline,
    EProposal,
    Event,
    RoutingRule,
    Support,
)
from shared_apps.notifications.models import Notification
from shared_apps.search.models import SearchDocument
from shared_apps.vocabularies.models import Area, Category
from tests.conftest import make_user
from tests.eproposals.factories import (
    make_eproposal,
    officer,
    settings_row,
    verified_resident,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English text."""
    with translation.override("en"):
        yield


S = EProposal.Status


def events(eproposal: EProposal) -> list[str]:
    return list(eproposal.events.values_list("kind", flat=True))


def inbox(user, event: str) -> int:
    return Notification.objects.filter(user=user, event=event).count()


def test_it_takes_an_eproposal_from_submission_to_carried_out_across_two_tenants(
    tenant_a, tenant_b, bob, charlie
):
    settings_row(threshold=3, support_days=90, answer_days=30)
    city = officer()
    dora = verified_resident("dora@example.org", "Dora")
    eproposal = make_eproposal(status=S.PENDING)  # vocabularies
    eproposal.delete()

    eproposal = actions.submit(
        dora,
        title="Bänkar längs Göta älv",
        body="Längs promenaden vid älven finns nästan inga bänkar att vila på.",
        area=Area.objects.get(slug="centrum"),
        category=Category.objects.get(slug="parker"),
    )
    assert eproposal.status == S.PENDING
    assert not SearchDocument.objects.filter(key=f"eproposal:{eproposal.pk}").exists()

    RoutingRule.objects.create(category=Category.objects.get(slug="parker"), tenant=tenant_b)
    assert actions.suggested_tenant(eproposal) == tenant_b
    actions.publish(city, eproposal, tenant=tenant_b)
    eproposal.refresh_from_db()
    assert eproposal.status == S.OPEN and eproposal.threshold == 3 and eproposal.tenant == tenant_b
    assert eproposal.support_ends - eproposal.published_at == timedelta(days=90)
    assert inbox(dora, "eproposal_published") == 1
    assert SearchDocument.objects.filter(key=f"eproposal:{eproposal.pk}", kind="eproposal").exists()

    # Rerouting needs a reason; the history keeps it.
    with pytest.raises(EProposalRefused, match="Say why"):
        actions.route(city, eproposal, tenant_a)
    actions.route(city, eproposal, tenant_a, reason="Parkerna i centrum sköts av alfa.")
    eproposal.refresh_from_db()
    assert eproposal.tenant == tenant_a
    rerouted = eproposal.events.get(kind=Event.Kind.REROUTED)
    assert rerouted.reason == "Parkerna i centrum sköts av alfa." and rerouted.tenant == tenant_a

    backers = [verified_resident(f"b{n}@example.org", f"Backer {n}") for n in range(3)]
    supports.support(backers[0], eproposal)
    supports.withdraw_support(backers[0], eproposal)
    for backer in backers:
        supports.support(backer, eproposal)
    eproposal.refresh_from_db()
    assert eproposal.status == S.FORWARDED and eproposal.final_count == 3
    assert eproposal.answer_due == timezone.localdate() + timedelta(days=30)
    assert all(inbox(b, "eproposal_threshold") == 1 for b in backers)
    assert inbox(dora, "eproposal_threshold") == 1
    assert inbox(bob, "eproposal_forwarded") == 1  # alfa's admin
    assert inbox(charlie, "eproposal_forwarded") == 0

    # The other tenant's admin cannot act on it.
    with pytest.raises(EProposalRefused):
        handling.receive(charlie, eproposal)
    handling.receive(bob, eproposal)
    handling.investigate(bob, eproposal)
    assert inbox(backers[1], "eproposal_update") == 2

    # "Not our responsibility" needs a text and sends it back to routing.
    with pytest.raises(EProposalRefused, match="Write the decision"):
        handling.decide(bob, eproposal, decision=handling.NOT_OURS, text=" ", decided_on=None)
    handling.decide(
        bob, eproposal, decision=handling.NOT_OURS, text="Trafikkontoret ansvarar.", decided_on=None
    )
    eproposal.refresh_from_db()
    assert eproposal.status == S.FORWARDED and eproposal.tenant is None
    assert eproposal.awaiting_routing

    AnswerDeadline.objects.create(tenant=tenant_b, days=10)
    actions.route(city, eproposal, tenant_b, reason="Tillbaka från alfa.")
    eproposal.refresh_from_db()
    assert eproposal.status == S.FORWARDED
    assert eproposal.answer_due == timezone.localdate() + timedelta(days=10)
    assert inbox(charlie, "eproposal_forwarded") == 1

    handling.decide(
        charlie,
        eproposal,
        decision=EProposal.Decision.PARTLY,
        text="Nämnden ställer ut tio bänkar under 2027.",
        decided_on=timezone.localdate(),
        minutes_url="https://example.org/protokoll/2026-11.pdf",
    )
    eproposal.refresh_from_db()
    assert eproposal.status == S.DECIDED and eproposal.decision == "partly"
    assert inbox(dora, "eproposal_answered") == 1
    assert all(inbox(b, "eproposal_answered") == 1 for b in backers)

    handling.add_follow_up(
        charlie,
        eproposal,
        kind="project",
        object_id=7,
        title_sv="Tio nya bänkar",
        title_en="Ten new benches",
        path="/p/budget/budgets/1/delivery/7/",
        status="selected",
    )
    handling.project_status_changed(tenant_b, 7, "done", charlie)
    eproposal.refresh_from_db()
    assert eproposal.carried_out_at is not None
    assert eproposal.follow_ups.get().status == "done"
    assert events(eproposal) == [
        "submitted",
        "published",
        "routed",
        "rerouted",
        "threshold",
        "forwarded",
        "received",
        "investigating",
        "returned",
        "routed",
        "forwarded",
        "decided",
        "follow_up",
        "carried_out",
    ]


def test_routing_to_an_archived_tenant_is_refused_and_changes_nothing(tenant_a, tenant_b):
    city = officer()
    eproposal = make_eproposal()
    tenant_b.status = "archived"
    tenant_b.save()
    with pytest.raises(EProposalRefused, match="not open"):
        actions.route(city, eproposal, tenant_b)
    eproposal.refresh_from_db()
    assert eproposal.tenant is None and not eproposal.events.filter(kind="routed").exists()


def test_a_decision_without_text_or_date_is_refused_and_nothing_is_written(tenant_a, bob):
    eproposal = make_eproposal(status=S.RECEIVED, tenant=tenant_a, answer_due=date.today())
    for text, day, message in (
        ("", date.today(), "Write the decision"),
        ("Beslut.", None, "date of the decision"),
        ("Beslut.", date.today() + timedelta(days=1), "future"),
    ):
        with pytest.raises(EProposalRefused, match=message):
            handling.decide(bob, eproposal, decision="approved", text=text, decided_on=day)
    eproposal.refresh_from_db()
    assert eproposal.status == S.RECEIVED and eproposal.decision == ""


def test_a_support_after_the_deadline_is_refused_with_the_date(tenant_a):
    eproposal = make_eproposal(days_left=1)
    resident = verified_resident("late@example.org")
    with (
        time_machine.travel(timezone.now() + timedelta(days=2)),
        pytest.raises(EProposalRefused, match="support period ended on"),
    ):
        supports.support(resident, eproposal)
    assert not Support.objects.exists()


def test_an_account_whose_verified_person_already_supported_is_refused(tenant_a):
    from shared_apps.identity.models import PersonIdentity

    eproposal = make_eproposal()
    first = verified_resident("first@example.org")
    supports.support(first, eproposal)
    # Platform ops moved the person's identity to a new account (lost access to the old).
    second = make_user("second@example.org", "Second")
    identity = PersonIdentity.objects.get(user=first)
    identity.user = second
    identity.save()
    from shared_apps.identity.models import Verification

    Verification.objects.filter(user=first).update(user=second)
    with pytest.raises(EProposalRefused, match="already supported this e-proposal from another"):
        supports.support(second, eproposal)
    eproposal.refresh_from_db()
    assert eproposal.supports_count == 1


def test_supporting_needs_the_configured_verification(tenant_a):
    eproposal = make_eproposal()
    plain = make_user("plain@example.org", "Plain")
    with pytest.raises(EProposalRefused, match="verify yourself"):
        supports.support(plain, eproposal)
    settings_row(support_verifications=[])
    supports.support(plain, eproposal)
    assert Support.objects.get().person_key == f"account:{plain.pk}"


def test_expired_eproposals_close_with_their_final_count(tenant_a):
    author = verified_resident("author@example.org")
    eproposal = make_eproposal(author, days_left=1)
    supports.support(verified_resident("s@example.org"), eproposal)
    assert actions.close_expired() == 0
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert actions.close_expired() == 1
        assert actions.close_expired() == 0
    eproposal.refresh_from_db()
    assert eproposal.status == S.CLOSED and eproposal.final_count == 1
    assert inbox(author, "eproposal_closed") == 1


def test_only_officers_publish_and_declining_names_a_rule(tenant_a, bob):
    author = verified_resident("author@example.org")
    eproposal = make_eproposal(author, status=S.PENDING)
    with pytest.raises(EProposalRefused, match="officers"):
        actions.publish(bob, eproposal)
    city = officer()
    with pytest.raises(EProposalRefused, match="rule"):
        actions.decline(city, eproposal, rule="")
    actions.decline(city, eproposal, rule="personal", text="Förslaget namnger en anställd.")
    eproposal.refresh_from_db()
    assert eproposal.status == S.DECLINED and eproposal.decline_rule == "personal"
    assert inbox(author, "eproposal_declined") == 1


def test_an_admin_role_in_the_portal_tenant_makes_an_officer(tenant_a):
    from shared_apps.eproposals.access import is_officer
    from tenants.actions import ensure_public_tenant

    user = make_user("o2@example.org", "O2")
    assert not is_officer(user)
    Membership.objects.create(user=user, tenant=ensure_public_tenant(), role="admin")
    user.forget_roles()
    assert is_officer(user)


def test_submitting_and_supporting_show_on_my_participation(tenant_a):
    from shared_apps.participation.models import Participation

    author = verified_resident("mine@example.org")
    eproposal = actions.submit(
        author, title="Grillplats vid Delsjön", body="En grillplats med tak vid Stora Delsjön."
    )
    backer = verified_resident("backer@example.org")
    published = make_eproposal()
    supports.support(backer, published)
    rows = set(Participation.objects.values_list("user__email", "kind", "key"))
    assert rows == {
        ("mine@example.org", "eproposal", f"eproposal:{eproposal.pk}"),
        ("backer@example.org", "eproposal_support", f"eproposal:{published.pk}"),
    }
    supports.withdraw_support(backer, published)
    assert not Participation.objects.filter(kind="eproposal_support").exists()


def test_an_eproposal_withdrawn_before_review_never_becomes_public(tenant_a):
    from django.http import Http404

    from shared_apps.eproposals.access import get_public_eproposal

    author = verified_resident("shy@example.org")
    eproposal = actions.submit(
        author, title="Badbrygga vid Saltholmen", body="En ny badbrygga för alla vid Saltholmen."
    )
    actions.withdraw(author, eproposal)
    eproposal.refresh_from_db()
    assert not eproposal.is_public and not EProposal.objects.public().exists()
    with pytest.raises(Http404):
        get_public_eproposal(make_user("other@example.org", "Other"), eproposal.pk)
    assert get_public_eproposal(author, eproposal.pk) == eproposal
    assert not SearchDocument.objects.filter(key=f"eproposal:{eproposal.pk}").exists()
