"""Every comment endpoint answers 404 on another tenant's host: the ids do not exist there."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.comments.models import Comment
from tests.comments.factories import make_comment, make_debate
from tests.conftest import host_of, sign_in

pytestmark = pytest.mark.django_db


def test_every_endpoint_answers_404_on_another_tenants_host(
    client, tenant_a, tenant_b, alice, charlie, debate_type
):
    with schema_context(tenant_a.schema_name):
        debate = make_debate()
        comment = make_comment(debate, charlie, "Charlie's own comment in A")
    sign_in(client, charlie)
    other = host_of(tenant_b)
    for method, url, data in [
        ("post", f"/comments/{debate.pk}/testtopic/{debate.pk}/", {"body": "Hi"}),
        ("post", f"/comments/{debate.pk}/testtopic/{debate.pk}/", {"body": "Re", "parent": 1}),
        ("get", f"/comments/{comment.pk}/edit/", {}),
        ("post", f"/comments/{comment.pk}/edit/", {"body": "Changed"}),
        ("get", f"/comments/{comment.pk}/delete/", {}),
        ("post", f"/comments/{comment.pk}/delete/", {}),
        ("post", f"/comments/{comment.pk}/vote/", {"value": "up"}),
    ]:
        response = getattr(client, method)(url, data, HTTP_HOST=other)
        assert response.status_code == 404, (method, url)
    with schema_context(tenant_a.schema_name):
        assert Comment.objects.get().body == "Charlie's own comment in A"
    with schema_context(tenant_b.schema_name):
        assert not Comment.objects.exists()
