"""Every public and admin page of spaces renders for the people who may see it."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_of, sign_in_with_two_factor
from tests.spaces.factories import make_city_template, make_component, make_process

pytestmark = pytest.mark.django_db


def test_it_renders_every_page(client, tenant_a, bob):
    make_city_template()
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        page = make_component(process, "pages")
        news = make_component(process, "news")
    host = host_of(tenant_a)
    for url in [
        "/",
        "/processes/",
        "/processes/?status=active&area=x",
        "/processes/parken/",
        f"/processes/parken/pages/{page.pk}/",
        f"/processes/parken/news/{news.pk}/",
        "/assemblies/",
    ]:
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, url
    sign_in_with_two_factor(client, bob)
    for url in [
        "/manage/",
        "/manage/processes/new/",
        "/manage/processes/add/",
        "/manage/processes/parken/",
        "/manage/processes/parken/phases/",
        "/manage/processes/parken/components/",
        f"/manage/processes/parken/components/{page.pk}/",
        f"/manage/processes/parken/pages/{page.pk}/",
        f"/manage/processes/parken/news/{news.pk}/",
        f"/manage/processes/parken/news/{news.pk}/new/",
        "/manage/processes/parken/save-as-template/",
        "/manage/templates/",
        "/manage/roles/",
        "/manage/log/",
        "/manage/assemblies/add/",
    ]:
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, url
