"""Outsiders get 404: a debate on another tenant's host, a debate under another
component's address, posting an argument through another tenant's host, and residents on
the staff pages. (Every /manage/ URL is also in tests/spaces/test_outsiders.py.)"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.comments.models import Comment
from tests.conftest import host_of, sign_in
from tests.debates.factories import make_debate, make_debates_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def test_a_debate_is_404_on_another_tenants_host_for_everyone(
    client, tenant_a, tenant_b, alice, charlie
):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
    urls = [debate.component.get_absolute_url(), debate.get_absolute_url()]
    for user in (None, alice, charlie):
        if user is not None:
            sign_in(client, user)
        for url in urls:
            assert client.get(url, HTTP_HOST=host_of(tenant_b)).status_code == 404, url
        response = client.post(
            f"/comments/{debate.component_id}/debate/{debate.pk}/",
            {"body": "Från fel värd", "alignment": "1"},
            HTTP_HOST=host_of(tenant_b),
        )
        assert response.status_code == 404
    with schema_context(tenant_a.schema_name):
        assert not Comment.objects.exists()


def test_a_debate_under_another_components_address_is_404(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        here = make_debates_component()
        there = make_debates_component(make_process("annan"))
        debate = make_debate(there)
    sign_in(client, alice)
    host = host_of(tenant_a)
    assert client.get(f"{here.get_absolute_url()}{debate.pk}/", HTTP_HOST=host).status_code == 404
    response = client.post(
        f"/comments/{here.pk}/debate/{debate.pk}/", {"body": "Ja", "alignment": "1"}, HTTP_HOST=host
    )
    assert response.status_code == 404


def test_residents_and_other_tenants_staff_get_404_on_the_staff_pages(
    client, tenant_a, alice, charlie
):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
        manage = debate.component.get_content_manage_url()
    for user in (alice, charlie):
        sign_in(client, user)
        for url in (
            manage,
            f"{manage}new/",
            f"{manage}{debate.pk}/",
            f"{manage}{debate.pk}/close/",
        ):
            assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
