"""Staff pages: create and change a debate, publish, order, remove only without
arguments, close with a conclusion (Swedish required) and reopen; every step logged."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.actionlog.models import Action
from tenant_apps.debates.models import Debate
from tests.conftest import host_of, make_user, sign_in
from tests.debates.factories import make_argument, make_debate, make_debates_component

pytestmark = pytest.mark.django_db

FORM = {
    "title_sv": "Ska badet ha öppet längre?",
    "title_en": "Should the pool stay open longer?",
    "background_sv": "Badet stänger kl. 20.",
    "background_en": "",
    "opens_at": "",
    "closes_at": "",
}


def verbs() -> list[str]:
    return list(
        Action.objects.filter(verb__startswith="debates.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_staff_create_change_publish_and_order_debates(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        manage = component.get_content_manage_url()
    host = host_of(tenant_a)
    sign_in(client, bob)
    assert client.get(manage, HTTP_HOST=host).status_code == 200
    assert client.get(f"{manage}new/", HTTP_HOST=host).status_code == 200
    response = client.post(f"{manage}new/", FORM, HTTP_HOST=host)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        first = Debate.objects.get()
        assert not first.published
    # The dates must be in order; the message says so and nothing changes.
    bad = {**FORM, "opens_at": "2027-05-02T10:00", "closes_at": "2027-05-01T10:00"}
    response = client.post(f"{manage}{first.pk}/", bad, HTTP_HOST=host)
    assert response.status_code == 400
    assert "The debate must close after it opens." in response.content.decode()
    good = {**FORM, "title_sv": "Ska badet ha öppet till 22?", "closes_at": "2027-05-01T10:00"}
    assert client.post(f"{manage}{first.pk}/", good, HTTP_HOST=host).status_code == 302
    assert (
        client.post(f"{manage}new/", {**FORM, "title_sv": "Andra"}, HTTP_HOST=host).status_code
        == 302
    )
    response = client.post(f"{manage}{first.pk}/publish/", {"published": "1"}, HTTP_HOST=host)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        second = Debate.objects.get(title_sv="Andra")
    client.post(f"{manage}{second.pk}/move/", {"direction": "up"}, HTTP_HOST=host)
    with schema_context(tenant_a.schema_name):
        first.refresh_from_db()
        assert first.published and first.title_sv == "Ska badet ha öppet till 22?"
        assert first.closes_at is not None
        assert list(Debate.objects.values_list("title_sv", flat=True)) == [
            "Andra", "Ska badet ha öppet till 22?"
        ]  # fmt: skip
        assert verbs() == [
            "debates.created", "debates.changed", "debates.created", "debates.published",
            "debates.moved",
        ]  # fmt: skip
    # A title is required, with the usual message.
    response = client.post(f"{manage}new/", {**FORM, "title_sv": ""}, HTTP_HOST=host)
    assert response.status_code == 400


def test_a_debate_with_arguments_cannot_be_removed(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        empty = make_debate(component)
        argued = make_debate(component)
        make_argument(argued, make_user("x@example.org", "X"), 1, deleted_at="2026-01-01T00:00Z")
        manage = component.get_content_manage_url()
    host = host_of(tenant_a)
    sign_in(client, bob)
    response = client.post(f"{manage}{argued.pk}/delete/", HTTP_HOST=host, follow=True)
    assert "Residents have argued in this debate, so it cannot be removed." in (
        response.content.decode()
    )
    client.post(f"{manage}{empty.pk}/delete/", HTTP_HOST=host)
    with schema_context(tenant_a.schema_name):
        assert list(Debate.objects.values_list("pk", flat=True)) == [argued.pk]
        assert verbs() == ["debates.deleted"]


def test_closing_needs_the_swedish_conclusion_and_reopening_is_logged(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        debate = make_debate(component)
        manage = component.get_content_manage_url()
    host = host_of(tenant_a)
    sign_in(client, bob)
    close = f"{manage}{debate.pk}/close/"
    assert client.get(close, HTTP_HOST=host).status_code == 200
    response = client.post(
        close, {"conclusion_sv": "  ", "conclusion_en": "We open."}, HTTP_HOST=host
    )
    assert response.status_code == 400
    assert (
        "Write the conclusion in Swedish: residents see it on top of the debate."
        in response.content.decode()
    )
    with schema_context(tenant_a.schema_name):
        debate.refresh_from_db()
        assert debate.closed_at is None and not verbs()
    response = client.post(
        close, {"conclusion_sv": "Vi öppnar.", "conclusion_en": ""}, HTTP_HOST=host
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        debate.refresh_from_db()
        assert debate.closed_by_id == bob.pk and debate.conclusion_sv == "Vi öppnar."
    # English is optional: the Swedish is shown, marked as Swedish.
    body = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert '<div class="rich-text" lang="sv"><p>Vi öppnar.</p>' in body
    assert client.post(f"{manage}{debate.pk}/reopen/", HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        debate.refresh_from_db()
        assert debate.closed_at is None and debate.state == Debate.State.OPEN
        reopened = Action.objects.get(verb="debates.reopened")
        assert reopened.data["conclusion_sv"] == "Vi öppnar."
        assert verbs() == ["debates.closed", "debates.reopened"]
    assert (
        "Conclusion from the administration"
        not in client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    )
