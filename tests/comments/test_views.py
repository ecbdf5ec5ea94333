"""The comment form endpoints without JavaScript: post, reply, edit, delete, vote; refused
posts keep the text; the page renders resident text inert."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django_tenants.utils import schema_context

from tenant_apps.comments.models import Comment, CommentVote
from tenants.models import Tenant
from tests.comments.factories import make_comment, make_debate
from tests.conftest import host_of, make_user, tenant_for_module

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))'


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture
def debate(tenant_a, debate_type):
    with schema_context(tenant_a.schema_name):
        return make_debate()


@pytest.fixture
def host(tenant_a):
    return host_of(tenant_a)


def add_url(debate):
    return f"/comments/{debate.pk}/testtopic/{debate.pk}/"


def in_tenant(tenant, query):
    with schema_context(tenant.schema_name):
        return query()


def test_it_posts_a_comment_and_a_reply_and_shows_them(client, debate, host, tenant_a, alice):
    client.force_login(alice)
    response = client.post(
        add_url(debate), {"body": "A *good* bench", "alignment": "1"}, HTTP_HOST=host
    )
    comment = in_tenant(tenant_a, lambda: Comment.objects.get())
    assert response.status_code == 302
    assert response["Location"] == f"{debate.get_absolute_url()}#comment-{comment.pk}"

    response = client.post(
        add_url(debate), {"body": "Agreed", "parent": comment.pk}, HTTP_HOST=host
    )
    reply = in_tenant(tenant_a, lambda: Comment.objects.get(parent=comment))
    assert reply.depth == 1 and reply.alignment == 0

    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "2 comments" in page
    assert f'id="comment-{comment.pk}"' in page and f'id="comment-{reply.pk}"' in page
    assert "<em>good</em>" in page and "In favour" in page and "Alice Andersson" in page


def test_it_renders_a_script_payload_inert(client, debate, host, tenant_a, alice):
    client.force_login(alice)
    client.post(add_url(debate), {"body": XSS}, HTTP_HOST=host)
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "&lt;script&gt;" in page
    assert '<script>alert("x")' not in page
    assert "<img src=x" not in page and "&lt;img src=x onerror" in page
    assert 'href="javascript:' not in page


def test_it_keeps_the_text_when_the_phase_closes_comments(client, debate, host, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        debate.phase_settings = {str(debate.process.active_phase.pk): {"comments_enabled": False}}
        debate.save()
    client.force_login(alice)
    response = client.post(add_url(debate), {"body": "My long careful text"}, HTTP_HOST=host)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not open in the current phase." in page
    assert "My long careful text</textarea>" in page
    assert not in_tenant(tenant_a, lambda: Comment.objects.exists())
    section = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "This is not open in the current phase." in section
    assert 'name="body"' not in section


def test_it_keeps_the_text_when_throttled_or_too_long(client, debate, host, alice):
    client.force_login(alice)
    response = client.post(add_url(debate), {"body": "y" * 2001}, HTTP_HOST=host)
    assert response.status_code == 400
    assert "Use at most 2000 characters (this has 2001)." in response.content.decode()
    assert "y" * 2001 in response.content.decode()
    for number in range(5):
        client.post(add_url(debate), {"body": f"Comment {number}"}, HTTP_HOST=host)
    response = client.post(add_url(debate), {"body": "The sixth"}, HTTP_HOST=host)
    assert response.status_code == 400
    assert "You are commenting too often." in response.content.decode()
    assert "The sixth</textarea>" in response.content.decode()


def test_it_asks_a_visitor_to_sign_in_and_keeps_the_text(client, debate, host):
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "Sign in to take part" in page
    response = client.post(add_url(debate), {"body": "Anonymous thoughts"}, HTTP_HOST=host)
    assert response.status_code == 400
    assert "Anonymous thoughts</textarea>" in response.content.decode()


def test_it_edits_and_deletes_through_forms(client, debate, host, tenant_a, alice):
    comment = in_tenant(tenant_a, lambda: make_comment(debate, alice, "Before"))
    client.force_login(alice)
    form = client.get(f"/comments/{comment.pk}/edit/", HTTP_HOST=host)
    assert form.status_code == 200 and "Before</textarea>" in form.content.decode()
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "After"}, HTTP_HOST=host)
    assert response.status_code == 302
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "After" in page and "(edited)" in page

    confirm = client.get(f"/comments/{comment.pk}/delete/", HTTP_HOST=host)
    assert confirm.status_code == 200 and "Delete your comment?" in confirm.content.decode()
    response = client.post(f"/comments/{comment.pk}/delete/", HTTP_HOST=host)
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "Comment deleted" in page and "After" not in page


def test_it_hides_the_edit_page_from_others(client, debate, host, tenant_a, alice):
    comment = in_tenant(tenant_a, lambda: make_comment(debate, alice, "Mine"))
    client.force_login(make_user("dora@example.org", "Dora"))
    assert client.get(f"/comments/{comment.pk}/edit/", HTTP_HOST=host).status_code == 404
    assert client.post(f"/comments/{comment.pk}/delete/", HTTP_HOST=host).status_code == 404


def test_it_votes_with_a_form_and_shows_the_count(client, debate, host, tenant_a, alice):
    dora = make_user("dora@example.org", "Dora")
    comment = in_tenant(tenant_a, lambda: make_comment(debate, dora, "Vote me"))
    client.force_login(alice)
    response = client.post(f"/comments/{comment.pk}/vote/", {"value": "up"}, HTTP_HOST=host)
    assert response.status_code == 302
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert 'aria-pressed="true">Vote up (1)' in page
    assert in_tenant(tenant_a, lambda: CommentVote.objects.count()) == 1


def test_it_shows_hidden_comments_as_such(client, debate, host, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        make_comment(debate, alice, "Rude words", hidden=True)
        make_comment(debate, alice, "Spam spam", hidden=True, hidden_reason="Advertising")
    page = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "Hidden pending review" in page and "Advertising" in page
    assert "Rude words" not in page and "Spam spam" not in page
    assert "0 comments" in page


def test_unpublished_components_answer_404_to_residents(client, debate, host, tenant_a, alice):
    comment = in_tenant(tenant_a, lambda: make_comment(debate, make_user("d@example.org", "D")))
    with schema_context(tenant_a.schema_name):
        debate.published = False
        debate.save()
    client.force_login(alice)
    assert client.post(add_url(debate), {"body": "Hi"}, HTTP_HOST=host).status_code == 404
    for action in ("edit", "delete", "vote"):
        url = f"/comments/{comment.pk}/{action}/"
        assert client.post(url, {"value": "up", "body": "x"}, HTTP_HOST=host).status_code == 404


def test_the_page_costs_the_same_queries_for_few_and_many_comments(
    client, debate, host, tenant_a, alice
):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)

    def page_queries() -> int:
        with CaptureQueriesContext(db) as captured:
            assert client.get(debate.get_absolute_url(), HTTP_HOST=host).status_code == 200
        return len(captured)

    with schema_context(tenant_a.schema_name):
        make_comment(debate, alice, "One")
    page_queries()  # the first request also looks up the host (tenants.routing)
    few = page_queries()
    dora = make_user("dora@example.org", "Dora")
    with schema_context(tenant_a.schema_name):
        for number in range(20):
            top = make_comment(debate, dora if number % 2 else alice, f"Top {number}")
            make_comment(debate, dora, "Reply", parent=top)
    assert page_queries() == few
