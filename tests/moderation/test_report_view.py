"""The report page: the form, a report sent, a refusal that keeps the typed text, and
404 for content the visitor cannot see or another tenant's host."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.moderation.models import Report
from tests.conftest import host_of, make_user
from tests.moderation.factories import make_comment, make_discussion
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(tenant_a):
    with schema_context(tenant_a.schema_name):
        return make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))


def test_it_shows_the_form_with_reasons_in_a_fieldset(client, tenant_a, alice, comment):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    response = client.get(f"/report/comment/{comment.pk}/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<legend>Why are you reporting this?" in body
    assert body.count('type="radio"') == 4
    assert 'name="details"' in body and "What happens next" in body


def test_it_reports_and_goes_back_to_the_content(client, tenant_a, alice, comment):
    client.force_login(alice)
    url = f"/report/comment/{comment.pk}/"
    response = client.post(
        url, {"reason": "offensive", "details": "Hot"}, HTTP_HOST=host_of(tenant_a)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    with schema_context(tenant_a.schema_name):
        report = Report.objects.get()
    assert (report.reporter, report.reason, report.details) == (alice, "offensive", "Hot")


def test_a_refusal_keeps_the_typed_details(client, tenant_a, alice, comment):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    url = f"/report/comment/{comment.pk}/"
    client.post(url, {"reason": "spam"}, HTTP_HOST=host_of(tenant_a))
    response = client.post(
        url, {"reason": "other", "details": "Mitt andra försök"}, HTTP_HOST=host_of(tenant_a)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "You have already reported this" in body
    assert "Mitt andra försök</textarea>" in body


def test_anonymous_visitors_are_sent_to_sign_in(client, tenant_a, comment):
    response = client.get(f"/report/comment/{comment.pk}/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_is_404_for_unknown_types_missing_items_hidden_components_and_other_hosts(
    client, tenant_a, tenant_b, alice, comment
):
    client.force_login(alice)
    with schema_context(tenant_a.schema_name):
        draft = make_component(make_process("utkast", published=False), "pages")
        secret = make_comment(draft, make_user("eve@example.org", "Eve Ek"))
    for url in (
        "/report/proposalz/1/",
        f"/report/comment/{comment.pk + 1000}/",
        f"/report/comment/{secret.pk}/",
    ):
        assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
    url = f"/report/comment/{comment.pk}/"
    assert client.get(url, HTTP_HOST=host_of(tenant_b)).status_code == 404
    assert client.post(url, {"reason": "spam"}, HTTP_HOST=host_of(tenant_b)).status_code == 404
    with schema_context(tenant_a.schema_name):
        assert not Report.objects.exists()


def test_the_partials_name_what_is_reported_and_why_it_is_hidden(tenant_a, comment):
    with translation.override("en"), schema_context(tenant_a.schema_name):
        link = render_to_string(
            "moderation/_report_link.html", {"type_name": "comment", "object": comment}
        )
        assert f'href="/report/comment/{comment.pk}/"' in link
        assert "Report" in link and "En kommentar" in link
        comment.hidden = True
        assert "Hidden pending review" in render_to_string(
            "moderation/_hidden.html", {"object": comment}
        )
        comment.hidden_reason = "<b>Reklam</b>"
        hidden = render_to_string("moderation/_hidden.html", {"object": comment})
        assert "Hidden by the moderators: &lt;b&gt;Reklam&lt;/b&gt;" in hidden
