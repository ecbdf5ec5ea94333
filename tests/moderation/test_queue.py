"""The moderators' queue and item page: what they show, their query budget, the actions
through the pages, blocked accounts and the settings page."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from tenant_apps.moderation import actions
from tenant_apps.moderation.models import Block, ModerationSettings, Report
from tenants.roles import grant_role
from tests.conftest import activate_totp, host_of, make_user, sign_in
from tests.moderation.factories import make_comment, make_discussion

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies["django_language"] = "en"
    return client


def fill_queue(count: int, slug: str = "parken") -> list:
    """Create `count` comments by different authors, each reported by people of its own
    (so no one reaches the rate limit), the first one twice."""
    component = make_discussion(slug)
    comments = []
    for n in range(count):
        author = make_user(f"{slug}{n}@example.org", f"Author {n}")
        comment = make_comment(component, author, f"Kommentar nummer {n}")
        reporters = [make_user(f"{slug}{n}-{r}@example.org", f"R {r}") for r in range(1 + (n == 0))]
        for reporter in reporters:
            actions.report(reporter, "comment", comment, reason="spam", details=f"Detalj {n}")
        comments.append(comment)
    return comments


def test_it_lists_reported_items_most_reported_first(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        first, _second = fill_queue(2)
    response = staff_client(bob).get("/manage/moderation/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Kommentar nummer 0") < body.index("Kommentar nummer 1")
    assert "2 open reports" in body and "Detalj 1" in body
    assert "Spam or advertising: 2" in body
    assert f"/manage/moderation/comment/{first.pk}/" in body
    assert 'href="/manage/moderation/"' in body  # the manage navigation links to it


def test_the_queue_costs_the_same_with_many_items(tenant_a, bob, django_assert_max_num_queries):
    client = staff_client(bob)
    host = host_of(tenant_a)
    with schema_context(tenant_a.schema_name):
        ModerationSettings.objects.create(pk=1, hide_after_reports=50)
        fill_queue(1)
    client.get("/manage/moderation/", HTTP_HOST=host)  # warm the session and the caches
    with django_assert_max_num_queries(20) as one:
        assert client.get("/manage/moderation/", HTTP_HOST=host).status_code == 200
    with schema_context(tenant_a.schema_name):
        fill_queue(30, "torget")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/manage/moderation/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 20  # one page


def test_hide_unhide_dismiss_and_block_through_the_pages(tenant_a, bob, alice):
    host = host_of(tenant_a)
    client = staff_client(bob)
    with schema_context(tenant_a.schema_name):
        (comment,) = fill_queue(1)
    item = f"/manage/moderation/comment/{comment.pk}/"
    page = client.get(item, HTTP_HOST=host)
    assert page.status_code == 200
    assert "Detalj 0" in page.content.decode()
    do = f"{item}do/"
    response = client.post(do, {"action": "hide", "reason": "", "next": item}, HTTP_HOST=host)
    assert response["Location"] == item
    comment.refresh_from_db()
    assert not comment.hidden
    client.post(
        do, {"action": "hide", "reason": "Reklam", "next": "//evil.example/"}, HTTP_HOST=host
    )
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_reason) == (True, "Reklam")
    client.post(do, {"action": "unhide"}, HTTP_HOST=host)
    comment.refresh_from_db()
    assert not comment.hidden
    with schema_context(tenant_a.schema_name):
        actions.report(make_user("x@example.org", "X"), "comment", comment, reason="spam")
    client.post(do, {"action": "dismiss"}, HTTP_HOST=host)
    with schema_context(tenant_a.schema_name):
        assert not Report.objects.filter(resolved_at__isnull=True).exists()
    response = client.post(do, {"action": "block", "reason": "Spam"}, HTTP_HOST=host)
    assert response["Location"] == "/manage/moderation/"
    with schema_context(tenant_a.schema_name):
        block = Block.objects.get()
    assert block.user == comment.author
    blocked = client.get("/manage/moderation/blocked/", HTTP_HOST=host).content.decode()
    assert "Author 0" in blocked
    client.post(f"/manage/moderation/blocked/{block.pk}/unblock/", HTTP_HOST=host)
    with schema_context(tenant_a.schema_name):
        assert not Block.objects.exists()
    assert client.post(do, {"action": "fly"}, HTTP_HOST=host).status_code == 404


def test_a_moderator_moderates_but_only_an_admin_changes_the_settings(tenant_a, bob):
    host = host_of(tenant_a)
    mona = make_user("mona@example.org", "Mona Moderator")
    grant_role(tenant_a, mona, Membership.Role.MODERATOR)
    activate_totp(mona)
    client = staff_client(mona)
    assert client.get("/manage/moderation/", HTTP_HOST=host).status_code == 200
    assert client.get("/manage/moderation/blocked/", HTTP_HOST=host).status_code == 200
    assert client.get("/manage/moderation/settings/", HTTP_HOST=host).status_code == 404
    admin = staff_client(bob)
    response = admin.post(
        "/manage/moderation/settings/", {"hide_after_reports": "51"}, HTTP_HOST=host
    )
    assert response.status_code == 200
    response = admin.post(
        "/manage/moderation/settings/", {"hide_after_reports": "5"}, HTTP_HOST=host
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert ModerationSettings.current().hide_after_reports == 5
