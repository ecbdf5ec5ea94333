"""The comment section, its edit and delete pages pass axe in Chromium (Swedish and English),
and a reply posts without JavaScript."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.comments.actions import vote_comment
from tenant_apps.comments.models import Comment
from tests.browser.test_journeys import tenant_url
from tests.comments.factories import make_comment, make_debate
from tests.conftest import LIVE_DB, assert_accessible, make_user, sign_in

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_the_comment_pages_pass_axe_and_work_without_javascript(
    live_server, browser, page, client, tenant_a, alice, debate_type
):
    dora = make_user("dora@example.org", "Dora")
    with schema_context(tenant_a.schema_name):
        debate = make_debate()
        top = make_comment(debate, dora, "A **bench** by the pond, please.", alignment=1)
        reply = make_comment(debate, alice, "Yes, and shade.", parent=top)
        make_comment(debate, dora, "Two benches?", parent=reply, alignment=-1)
        make_comment(debate, dora, "Off topic", hidden=True)
        vote_comment(alice, top, 1)
    sign_in(client, alice)
    url = tenant_url(live_server, "alfa", debate.get_absolute_url())
    cookies = [
        {
            "name": "sessionid",
            "value": client.cookies["sessionid"].value,
            "url": tenant_url(live_server, "alfa", "/"),
        }
    ]
    for language in ("sv", "en"):
        assert_accessible(browser, url, cookies=cookies, language=language)
        assert_accessible(browser, url, language=language)  # a visitor: sign-in notice
    for action in ("edit", "delete"):
        assert_accessible(
            browser, tenant_url(live_server, "alfa", f"/comments/{reply.pk}/{action}/"),
            cookies=cookies, language="en",
        )  # fmt: skip

    # JavaScript is off in `page`: open a <details> reply form and post it.
    page.context.add_cookies(cookies)
    page.goto(url)
    page.click(f"#comment-{top.pk} summary")
    page.fill(f"#reply-body-{top.pk}", "A reply without JavaScript")
    page.click(f"#comment-{top.pk} details button[type=submit]")
    with schema_context(tenant_a.schema_name):
        posted = Comment.objects.get(body="A reply without JavaScript")
    assert posted.parent_id == top.pk
    assert page.url.endswith(f"#comment-{posted.pk}")
    assert page.locator(f"#comment-{posted.pk}").is_visible()
