"""Per-tenant terms of participation: actions wait for acceptance of the current version,
the terms page records it and returns to a local path, only the tenant's admin edits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.privacy.actions import save_terms
from shared_apps.privacy.models import TenantTerms, TermsAcceptance
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.permissions import check_action
from tests.conftest import host_of, sign_in
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def signed_in(user: Any) -> Client:
    """A client signed in as `user`, reading the pages in English."""
    client = english()
    sign_in(client, user)
    return client


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_an_action_waits_for_the_current_terms_and_a_new_version_asks_again(
    tenant_a, alice, bob, ballot_type
):
    host = host_of(tenant_a)
    with schema_context(tenant_a.schema_name):
        component = make_component(make_process("parken", published=True), "testballot")
        assert check_action(alice, component, "vote")  # no terms: nothing to accept

    save_terms(tenant_a, text_sv="Var schysst.", text_en="Be kind.", new_version=False, by=bob)
    with schema_context(tenant_a.schema_name):
        answer = check_action(alice, component, "vote")
    assert (answer.allowed, answer.fix) == (False, "accept_terms")
    assert str(answer.reason) == "Accept the terms of participation first."

    client = signed_in(alice)
    page = client.get("/terms/?next=/processes/parken/", HTTP_HOST=host)
    assert page.status_code == 200
    assert "Be kind." in page.content.decode()
    response = client.post("/terms/", {"next": "/processes/parken/"}, HTTP_HOST=host)
    assert (response.status_code, response["Location"]) == (302, "/processes/parken/")
    assert TermsAcceptance.objects.filter(user=alice, tenant=tenant_a, version=1).exists()
    client.post("/terms/", {"next": "/"}, HTTP_HOST=host)  # accepting twice is harmless
    with schema_context(tenant_a.schema_name):
        assert check_action(alice, component, "vote")

    # Correcting a typo keeps the version; a new version asks everyone again.
    save_terms(tenant_a, text_sv="Var snäll.", text_en="Be kind.", new_version=False, by=bob)
    with schema_context(tenant_a.schema_name):
        assert check_action(alice, component, "vote")
    save_terms(tenant_a, text_sv="Nya villkor.", text_en="New terms.", new_version=True, by=bob)
    with schema_context(tenant_a.schema_name):
        answer = check_action(alice, component, "vote")
        assert answer.fix == "accept_terms"
        assert list(Action.objects.order_by("pk").values_list("verb", "target"))[-3:] == [
            ("terms.created", "v1"),
            ("terms.edited", "v1"),
            ("terms.new_version", "v2"),
        ]


def test_terms_of_one_tenant_do_not_block_another(tenant_a, tenant_b, alice, bob, ballot_type):
    save_terms(tenant_a, text_sv="Villkor", text_en="", new_version=False, by=bob)
    with schema_context(tenant_b.schema_name):
        component = make_component(make_process("parken", published=True), "testballot")
        assert check_action(alice, component, "vote")


def test_the_terms_page_returns_only_to_local_paths(tenant_a, alice, bob):
    save_terms(tenant_a, text_sv="Villkor", text_en="Terms", new_version=False, by=bob)
    client = signed_in(alice)
    host = host_of(tenant_a)
    for unsafe in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/terms/", {"next": unsafe}, HTTP_HOST=host)
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), unsafe
        assert "evil" not in location and "javascript" not in location, unsafe


def test_the_terms_page_is_404_without_terms_and_asks_visitors_to_sign_in(tenant_a, bob):
    host = host_of(tenant_a)
    assert signed_in(bob).get("/terms/", HTTP_HOST=host).status_code == 404
    save_terms(tenant_a, text_sv="Villkor", text_en="Terms", new_version=False, by=bob)
    page = english().get("/terms/", HTTP_HOST=host).content.decode()
    assert "Sign in to accept the terms" in page
    response = Client().post("/terms/", {"next": "/"}, HTTP_HOST=host)
    assert response.status_code == 302
    assert "/sign-in/handoff/" in response["Location"]
    assert not TermsAcceptance.objects.exists()


def test_only_the_tenants_admin_edits_the_terms(tenant_a, alice, bob, charlie):
    host = host_of(tenant_a)
    data = {"text_sv": "Villkor", "text_en": "Terms"}
    # The admin of another tenant and a resident: 404, nothing saved.
    for outsider in (charlie, alice):
        assert signed_in(outsider).get("/manage/terms/", HTTP_HOST=host).status_code == 404
        assert signed_in(outsider).post("/manage/terms/", data, HTTP_HOST=host).status_code == 404
    assert not TenantTerms.objects.exists()
    response = Client().get("/manage/terms/", HTTP_HOST=host)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    admin = signed_in(bob)
    assert admin.get("/manage/terms/", HTTP_HOST=host).status_code == 200
    assert admin.post("/manage/terms/", data, HTTP_HOST=host).status_code == 302
    assert TenantTerms.objects.get(tenant=tenant_a).version == 1
    admin.post("/manage/terms/", {**data, "new_version": "on"}, HTTP_HOST=host)
    assert TenantTerms.objects.get(tenant=tenant_a).version == 2
    page = admin.get("/manage/terms/", HTTP_HOST=host).content.decode()
    assert "Version 2 is in force; 0 residents have accepted it." in page
