"""One e-proposal's page: what anyone sees, what the proposer sees before publication,
the decision, follow-ups and history, who cannot see it, and a query budget."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.eproposals.models import Comment, EProposal, Event, FollowUp
from tests.conftest import make_user
from tests.eproposals.factories import make_eproposal, officer, settings_row, verified_resident
from tests.eproposals.pages import get, text

pytestmark = pytest.mark.django_db
S = EProposal.Status


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_anonymous_visitor_sees_the_eproposal_and_a_sign_in_link(client, portal, language):
    author = make_user("pia@example.org", "Pia Persson")
    eproposal = make_eproposal(
        author,
        body="Fler **bänkar** behövs längs gångvägarna i parken.",
        place_name="Slottsskogen",
        supports_count=12,
    )
    response = get(client, f"/e-proposals/{eproposal.pk}/", language)
    assert response.status_code == 200
    body = text(response)
    assert "<strong>bänkar</strong>" in body
    assert "Pia Persson" in body
    assert "Slottsskogen" in body
    assert '<progress max="200" value="12"' in body
    assert "/accounts/login/?next=%2Fe-proposals%2F" in body
    assert f'action="/e-proposals/{eproposal.pk}/support/"' not in body
    assert eproposal.support_ends.strftime("%Y") in body


def test_a_deleted_author_shows_as_deleted_participant(client, portal):
    eproposal = make_eproposal(None)
    client.cookies["django_language"] = "en"
    assert "Deleted participant" in text(get(client, f"/e-proposals/{eproposal.pk}/", "en"))


def test_a_verified_resident_gets_the_support_button_and_an_unverified_one_the_way_to_verify(
    client, portal, alice
):
    settings_row(support_verifications=["in_person"])
    eproposal = make_eproposal()
    client.force_login(alice)
    body = text(get(client, f"/e-proposals/{eproposal.pk}/", "en"))
    assert "In person at a service point" in body
    assert "/account/verifications/" in body
    assert f'action="/e-proposals/{eproposal.pk}/support/"' not in body
    client.force_login(verified_resident("vera@example.org"))
    body = text(get(client, f"/e-proposals/{eproposal.pk}/", "en"))
    assert f'action="/e-proposals/{eproposal.pk}/support/"' in body


def test_it_says_why_supports_are_not_taken(client, portal, tenant_a):
    client.force_login(verified_resident("vera@example.org"))
    ended = make_eproposal(days_left=-1)
    reached = make_eproposal(status=S.FORWARDED, tenant=tenant_a, final_count=200)
    closed = make_eproposal(status=S.CLOSED, final_count=37)
    assert "The support period ended on" in text(get(client, f"/e-proposals/{ended.pk}/", "en"))
    assert "reached the number of supports" in text(
        get(client, f"/e-proposals/{reached.pk}/", "en")
    )
    body = text(get(client, f"/e-proposals/{closed.pk}/", "en"))
    assert "Final count: 37 supports." in body


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_decided_eproposal_shows_the_decision_follow_up_and_history(
    client, portal, tenant_a, language
):
    eproposal = make_eproposal(
        status=S.DECIDED,
        tenant=tenant_a,
        final_count=200,
        decision="partly",
        decision_text="Vi sätter upp tio bänkar.",
        decision_date=date(2025, 3, 4),
        minutes_url="https://example.org/protokoll.pdf",
        carried_out_at=timezone.now(),
    )
    staff = make_user("handlaggare@example.org", "Hanna Handläggare")
    Event.objects.create(eproposal=eproposal, kind=Event.Kind.ROUTED, tenant=tenant_a, actor=staff)
    Event.objects.create(
        eproposal=eproposal,
        kind=Event.Kind.REROUTED,
        tenant=tenant_a,
        actor=staff,
        reason="Parkerna sköts av Alfa.",
    )
    FollowUp.objects.create(
        eproposal=eproposal,
        tenant=tenant_a,
        kind="project",
        object_id=4,
        title_sv="Bänkar i parken",
        title_en="Benches",
        path="/budgets/p/4/",
        status="in_progress",
    )
    body = text(get(client, f"/e-proposals/{eproposal.pk}/", language))
    assert "Vi sätter upp tio bänkar." in body
    assert "https://example.org/protokoll.pdf" in body
    assert 'href="http://alfa.localhost/budgets/p/4/"' in body
    assert ("Benches" if language == "en" else "Bänkar i parken") in body
    assert "Parkerna sköts av Alfa." in body
    assert "Hanna Handläggare" not in body
    if language == "en":
        assert "Partly approved" in body
        assert "Carried out on" in body
        assert "delivery: In progress" in body


def test_an_overdue_answer_is_shown(client, portal, tenant_a):
    eproposal = make_eproposal(
        status=S.RECEIVED,
        tenant=tenant_a,
        final_count=200,
        answer_due=timezone.localdate() - timedelta(days=2),
    )
    body = text(get(client, f"/e-proposals/{eproposal.pk}/", "en"))
    assert "is overdue" in body
    assert "Answer overdue" in body


def test_pending_and_declined_are_visible_to_their_proposer_only(client, portal, alice):
    author = verified_resident("pia@example.org")
    pending = make_eproposal(author, status=S.PENDING)
    declined = make_eproposal(
        author, status=S.DECLINED, decline_rule="personal", decline_text="Ta bort grannens namn."
    )
    for eproposal in (pending, declined):
        url = f"/e-proposals/{eproposal.pk}/"
        client.logout()
        assert get(client, url).status_code == 404
        client.force_login(alice)
        assert get(client, url).status_code == 404
        client.force_login(author)
        assert get(client, url).status_code == 200
    body = text(get(client, f"/e-proposals/{pending.pk}/", "en"))
    assert "awaiting review" in body
    assert f"/e-proposals/{pending.pk}/withdraw/" in body
    body = text(get(client, f"/e-proposals/{declined.pk}/", "en"))
    assert "Names or points out individual people" in body
    assert "Ta bort grannens namn." in body
    assert "/e-proposals/rules/#personal" in body
    assert "/withdraw/" not in body
    client.force_login(officer())
    assert get(client, f"/e-proposals/{pending.pk}/").status_code == 200


def test_a_missing_eproposal_is_404_and_any_on_a_tenant_host_too(client, portal, tenant_a):
    eproposal = make_eproposal()
    assert get(client, f"/e-proposals/{eproposal.pk + 1000}/").status_code == 404
    tenant_host = client.get(f"/e-proposals/{eproposal.pk}/", HTTP_HOST="alfa.localhost")
    assert tenant_host.status_code == 404


def test_its_query_budget_does_not_grow_with_comments_images_or_events(
    client, portal, tenant_a, django_assert_max_num_queries
):
    author = verified_resident("pia@example.org")
    eproposal = make_eproposal(author, tenant=tenant_a)
    Comment.objects.create(eproposal=eproposal, author=author, body="Första")
    client.force_login(verified_resident("vera@example.org"))
    url = f"/e-proposals/{eproposal.pk}/"
    get(client, url)
    with CaptureQueriesContext(connection) as few:
        get(client, url)
    budget = len(few)
    for number in range(29):
        parent = Comment.objects.create(
            eproposal=eproposal,
            author=make_user(f"c{number}@example.org", f"C {number}"),
            body=f"Kommentar {number}",
            hidden=number == 3,
            hidden_reason="Personangrepp",
        )
        Comment.objects.create(eproposal=eproposal, author=author, parent=parent, body="Svar")
        Event.objects.create(eproposal=eproposal, kind=Event.Kind.ROUTED, tenant=tenant_a)
    with django_assert_max_num_queries(budget):
        response = get(client, url, "en")
    assert "Hidden by the moderators: Personangrepp" in text(response)
    assert response.context["comment_count"] == 59
