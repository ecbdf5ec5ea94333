"""Proposals in the generic features: comments and replies reach the right inboxes once,
moderators' hiding tells the author, and proposals are counted on their cards."""

from __future__ import annotations

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.notifications.models import Notification
from tenant_apps.comments.actions import post_comment
from tenant_apps.moderation.actions import hide, report
from tenant_apps.moderation.models import ModerationSettings
from tenant_apps.proposals.actions import create_proposal
from tests.conftest import host_of, make_user
from tests.proposals.factories import make_proposals_component

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def inbox(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("event", flat=True))


def test_comments_and_replies_reach_followers_and_authors_once(client, tenant_a, alice):
    berit = make_user("berit@example.com", "Berit")
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        proposal = create_proposal(
            alice, component, {"title": "Bänkar vid dammen", "body": "Fler bänkar, tack och lov."}
        )
        first = post_comment(berit, component, "proposal", proposal.pk, body="Bra idé!")
        assert inbox(alice) == ["comment"]
        assert inbox(berit) == []  # not to oneself
        post_comment(alice, component, "proposal", proposal.pk, body="Tack!", parent=first)
        # Berit hears of the reply once; Alice (the author) is the actor and hears nothing.
        assert inbox(berit) == ["reply"]
        assert inbox(alice) == ["comment"]
    entry = Notification.objects.get(user=berit)
    assert entry.path.endswith(f"#comment-{first.pk + 1}")
    assert entry.text_en == "Tack!"
    client.cookies["django_language"] = "en"
    listing = client.get(component.get_absolute_url(), HTTP_HOST=host_of(tenant_a))
    assert "2 comments" in listing.content.decode()


def test_hiding_tells_the_author_with_the_reason(tenant_a, bob, alice):
    reporters = [make_user(f"r{n}@example.com", f"R {n}") for n in range(2)]
    with schema_context(tenant_a.schema_name):
        ModerationSettings.objects.update_or_create(pk=1, defaults={"hide_after_reports": 2})
        component = make_proposals_component()
        proposal = create_proposal(
            alice, component, {"title": "Köp min cykel", "body": "Billig cykel till salu nu."}
        )
        comment = post_comment(alice, component, "proposal", proposal.pk, body="Ring mig!")
        for reporter in reporters:
            report(reporter, "comment", comment, reason="spam")
        hide(bob, "proposal", proposal, reason="Reklam hör inte hit.")
    hidden = Notification.objects.filter(user=alice, event="content_hidden").order_by("pk")
    assert [entry.text_sv for entry in hidden][1] == "Reklam hör inte hit."
    assert hidden[0].text_en == "Hidden after reports, until a moderator looks."
