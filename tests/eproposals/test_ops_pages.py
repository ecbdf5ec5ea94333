"""The city officers' e-proposal pages on the portal (/ops/e-proposals/): the queue, the
review page with publish, decline and route, comment moderation; outsiders get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.eproposals import comments
from shared_apps.eproposals.models import Comment, CommentReport, EProposal, RoutingRule
from shared_apps.vocabularies.models import Category
from tests.conftest import activate_totp, host_of, make_user, sign_in, sign_in_with_two_factor
from tests.eproposals.factories import make_eproposal, officer, verified_resident

pytestmark = pytest.mark.django_db

S = EProposal.Status
PORTAL = "localhost"


def officer_client(language: str = "en") -> tuple[Client, object]:
    """Return a client signed in with two-factor as the city officer (made once)."""
    user = User.objects.filter(email="officer@example.org").first()
    if user is None:
        user = officer()
        activate_totp(user)
    client = Client()
    sign_in_with_two_factor(client, user)
    client.cookies["django_language"] = language
    return client, user


def test_the_queue_lists_each_section_with_counts_in_both_languages(tenant_a, tenant_b):
    pending = make_eproposal(status=S.PENDING, title="Väntar på granskning")
    routing = make_eproposal(status=S.FORWARDED, title="Väntar på mottagare")
    make_eproposal(status=S.OPEN, title="Öppet utan mottagare")
    late = make_eproposal(
        status=S.RECEIVED,
        title="Sent svar",
        tenant=tenant_a,
        answer_due=timezone.localdate() - timedelta(days=2),
    )
    reported = make_eproposal(status=S.OPEN, title="Med anmäld kommentar", tenant=tenant_b)
    resident = verified_resident("dora@example.org", "Dora")
    comment = comments.add_comment(resident, reported, body="Dumt förslag, idioter.")
    comments.report_comment(resident, comment, reason="Kränkande")
    for language, heading in (("sv", "<h1"), ("en", "Awaiting review (1)")):
        client, _user = officer_client(language)
        response = client.get("/ops/e-proposals/", HTTP_HOST=PORTAL)
        assert response.status_code == 200
        body = response.content.decode()
        assert heading in body
        for eproposal in (pending, routing, late, reported):
            assert f"/ops/e-proposals/{eproposal.pk}/" in body
    assert "Awaiting routing (2)" in body
    assert "Overdue answers (1)" in body
    assert "Reported comments (1)" in body and "Kränkande" in body


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=PORTAL)
    assert response.status_code == 200, url
    return len(captured)


def test_the_queue_costs_the_same_for_one_row_or_twenty(tenant_a):
    client, _user = officer_client()
    resident = verified_resident("dora@example.org", "Dora")

    def rows(count: int) -> None:
        for n in range(count):
            make_eproposal(status=S.PENDING, title=f"Förslag nummer {n}")
            make_eproposal(status=S.FORWARDED, title=f"Routning {n}")
            make_eproposal(
                status=S.INVESTIGATING,
                tenant=tenant_a,
                answer_due=timezone.localdate() - timedelta(days=1),
            )
            target = make_eproposal(status=S.OPEN, tenant=tenant_a)
            comment = comments.add_comment(resident, target, body=f"Kommentar {n}")
            CommentReport.objects.create(comment=comment, user=resident, reason="Spam")

    rows(1)
    client.get("/ops/e-proposals/", HTTP_HOST=PORTAL)  # warm up
    one = count_queries(client, "/ops/e-proposals/")
    rows(19)
    client.get("/ops/e-proposals/", HTTP_HOST=PORTAL)  # the same warm-up
    assert count_queries(client, "/ops/e-proposals/") <= one <= 20
    response = client.get("/ops/e-proposals/", HTTP_HOST=PORTAL)
    assert "Awaiting review (20)" in response.content.decode()


def test_the_review_page_shows_everything_and_only_the_forms_that_apply(tenant_a, tenant_b):
    author = verified_resident("dora@example.org", "Dora Dahl")
    eproposal = make_eproposal(author, status=S.PENDING, place_name="Slottsskogen")
    RoutingRule.objects.create(category=Category.objects.get(slug="parker"), tenant=tenant_b)
    for language in ("sv", "en"):
        client, _user = officer_client(language)
        body = client.get(f"/ops/e-proposals/{eproposal.pk}/", HTTP_HOST=PORTAL).content.decode()
        assert "Dora Dahl" in body and "dora@example.org" in body and "Slottsskogen" in body
        assert eproposal.body in body
        assert f"/ops/e-proposals/{eproposal.pk}/publish/" in body
        assert f"/ops/e-proposals/{eproposal.pk}/decline/" in body
        assert f'value="{tenant_b.pk}" selected' in body  # the suggestion, preselected
    assert "Suggested by the routing rules: Administration beta." in body
    for rule in EProposal.DeclineRule:
        assert str(rule.label) in body
    decided = make_eproposal(
        status=S.DECIDED, tenant=tenant_a, decision="approved", decision_text="Ja."
    )
    body = client.get(f"/ops/e-proposals/{decided.pk}/", HTTP_HOST=PORTAL).content.decode()
    assert "/publish/" not in body and "/decline/" not in body and "/route/" not in body


def test_publish_with_routing_and_decline_with_a_rule(tenant_a):
    client, _user = officer_client()
    eproposal = make_eproposal(status=S.PENDING)
    response = client.post(
        f"/ops/e-proposals/{eproposal.pk}/publish/",
        {"publish-tenant": tenant_a.pk},
        HTTP_HOST=PORTAL,
    )
    assert response.status_code == 302
    eproposal.refresh_from_db()
    assert eproposal.status == S.OPEN and eproposal.tenant == tenant_a

    other = make_eproposal(status=S.PENDING)
    response = client.post(
        f"/ops/e-proposals/{other.pk}/decline/",
        {"decline-rule": "commercial", "decline-text": "Reklam för ett företag."},
        HTTP_HOST=PORTAL,
        follow=True,
    )
    assert "The e-proposal is not published" in response.content.decode()
    other.refresh_from_db()
    assert (other.status, other.decline_rule, other.decline_text) == (
        S.DECLINED,
        "commercial",
        "Reklam för ett företag.",
    )


def test_bad_input_shows_the_message_keeps_the_input_and_writes_nothing(tenant_a, tenant_b):
    client, _user = officer_client()
    pending = make_eproposal(status=S.PENDING)
    response = client.post(
        f"/ops/e-proposals/{pending.pk}/decline/",
        {"decline-text": "Min förklaring"},
        HTTP_HOST=PORTAL,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the rule the e-proposal breaks." in body and "Min förklaring" in body
    pending.refresh_from_db()
    assert pending.status == S.PENDING

    routed = make_eproposal(status=S.OPEN, tenant=tenant_a)
    response = client.post(
        f"/ops/e-proposals/{routed.pk}/route/",
        {"route-tenant": tenant_b.pk, "route-reason": "  "},
        HTTP_HOST=PORTAL,
    )
    assert response.status_code == 400
    assert "Say why the e-proposal goes to another administration." in response.content.decode()
    routed.refresh_from_db()
    assert routed.tenant == tenant_a

    # An archived tenant is not offered; a forged POST meets the action's message.
    tenant_b.status = "archived"
    tenant_b.save()
    unrouted = make_eproposal(status=S.OPEN)
    body = client.get(f"/ops/e-proposals/{unrouted.pk}/", HTTP_HOST=PORTAL).content.decode()
    assert f'<option value="{tenant_b.pk}"' not in body
    response = client.post(
        f"/ops/e-proposals/{unrouted.pk}/route/",
        {"route-tenant": tenant_b.pk, "route-reason": "Försök"},
        HTTP_HOST=PORTAL,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not open (it is archived) and cannot receive e-proposals." in body
    assert "Försök" in body
    unrouted.refresh_from_db()
    assert unrouted.tenant is None and not unrouted.events.filter(kind="routed").exists()


def test_hide_needs_a_reason_and_restore_shows_the_comment_again(tenant_a):
    client, _user = officer_client()
    eproposal = make_eproposal(status=S.OPEN)
    resident = verified_resident("dora@example.org", "Dora")
    comment = comments.add_comment(resident, eproposal, body="Ni är idioter allihop.")
    comments.report_comment(resident, comment, reason="Kränkande")
    response = client.post(
        f"/ops/e-proposals/comments/{comment.pk}/hide/", {"reason": " "}, HTTP_HOST=PORTAL
    )
    assert response.status_code == 400
    assert "Say which rule the comment breaks." in response.content.decode()
    assert not Comment.objects.get(pk=comment.pk).hidden
    response = client.post(
        f"/ops/e-proposals/comments/{comment.pk}/hide/",
        {"reason": "Kränkande språk", "next": "queue"},
        HTTP_HOST=PORTAL,
    )
    assert response["Location"] == "/ops/e-proposals/"
    comment.refresh_from_db()
    assert comment.hidden and comment.hidden_reason == "Kränkande språk"
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    client.post(f"/ops/e-proposals/comments/{comment.pk}/restore/", HTTP_HOST=PORTAL)
    comment.refresh_from_db()
    assert not comment.hidden


def test_outsiders_get_404_on_every_officer_page(tenant_a, alice, bob):
    eproposal = make_eproposal(status=S.PENDING)
    comment_target = make_eproposal(status=S.OPEN)
    comment = comments.add_comment(alice, comment_target, body="En vanlig kommentar.")
    pages = [
        ("get", "/ops/e-proposals/", {}),
        ("get", f"/ops/e-proposals/{eproposal.pk}/", {}),
        ("get", "/ops/e-proposals/settings/", {}),
        ("get", "/ops/e-proposals/officers/", {}),
        ("post", f"/ops/e-proposals/{eproposal.pk}/publish/", {}),
        ("post", f"/ops/e-proposals/{eproposal.pk}/decline/", {"decline-rule": "commercial"}),
        ("post", f"/ops/e-proposals/{eproposal.pk}/route/", {"route-tenant": tenant_a.pk}),
        ("post", f"/ops/e-proposals/comments/{comment.pk}/hide/", {"reason": "x"}),
        ("post", f"/ops/e-proposals/comments/{comment.pk}/restore/", {}),
        ("post", "/ops/e-proposals/settings/", {"settings-threshold": "1"}),
    ]
    resident, tenant_admin, anonymous = Client(), Client(), Client()
    sign_in(resident, alice)
    sign_in_with_two_factor(tenant_admin, bob)
    for client in (resident, tenant_admin, anonymous):
        for method, url, data in pages:
            response = getattr(client, method)(url, data, HTTP_HOST=PORTAL)
            assert response.status_code in (404, 302), (url, response.status_code)
            if response.status_code == 302:  # anonymous: /ops/ asks to sign in first
                assert client is anonymous and "/login/" in response["Location"], url
    eproposal.refresh_from_db()
    assert eproposal.status == S.PENDING
    assert not Comment.objects.get(pk=comment.pk).hidden

    # An officer on a tenant host: the /ops/ pages do not exist there.
    client, _user = officer_client()
    for url in ("/ops/e-proposals/", f"/ops/e-proposals/{eproposal.pk}/"):
        assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_an_officer_without_two_factor_is_sent_to_set_it_up(portal):
    user = officer("plain@example.org")
    client = Client()
    client.force_login(user)
    response = client.get("/ops/e-proposals/", HTTP_HOST=PORTAL)
    assert response.status_code == 302 and "2fa" in response["Location"]


def test_a_platform_operator_is_an_officer(portal):
    operator = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(operator)
    client = Client()
    sign_in_with_two_factor(client, operator)
    assert client.get("/ops/e-proposals/", HTTP_HOST=PORTAL).status_code == 200
