"""A tenant admin builds and publishes a process through /manage/, without JavaScript."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.models import Component, Phase, Process
from tests.conftest import host_of, sign_in_with_two_factor
from tests.spaces.factories import make_city_template

pytestmark = pytest.mark.django_db


def test_it_creates_a_process_from_a_city_template_and_publishes_it(client, tenant_a, bob):
    template = make_city_template()
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    response = client.post(
        f"/manage/processes/new/?template=city-{template.pk}",
        {
            "template": f"city-{template.pk}",
            "title_sv": "Medborgarbudget Hisingen 2027",
            "title_en": "Participatory budget Hisingen 2027",
            "slug": "mb-hisingen-2027",
            "starts": "2027-01-01",
        },
        HTTP_HOST=host,
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/manage/processes/mb-hisingen-2027/"
    with schema_context(tenant_a.schema_name):
        process = Process.objects.get(slug="mb-hisingen-2027")
        phases = list(process.phases.all())
        assert [p.title_en for p in phases] == ["Ideas", "Review", "Vote", "Results"]
        assert phases[2].starts == date(2027, 3, 2)
        assert process.ends == date(2027, 4, 30)
        assert [c.type for c in process.components.all()] == ["pages", "news"]
        page_component = process.components.get(type="pages")
        assert page_component.page.body_en == "<p>Rules</p>"
        assert page_component.current_settings(phases[2])["announcement_sv"] == "Nu röstar vi!"
        assert not process.published
    assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()

    response = client.post(
        "/manage/processes/mb-hisingen-2027/publish/", {"published": "1"}, HTTP_HOST=host
    )
    assert response.status_code == 302
    entry = CatalogEntry.objects.get(tenant=tenant_a, kind="process")
    assert entry.title_sv == "Medborgarbudget Hisingen 2027"
    assert entry.phase_en == "Ideas"
    assert entry.path == "/processes/mb-hisingen-2027/"

    client.logout()
    home = client.get("/", HTTP_HOST=host).content.decode()
    assert "Medborgarbudget Hisingen 2027" in home or "mb-hisingen-2027" in home


def test_overlapping_phase_dates_are_refused_and_nothing_is_saved(client, tenant_a, bob):
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    with schema_context(tenant_a.schema_name):
        process = Process.objects.create(
            slug="parken", title_sv="Parken", summary_sv="S", starts="2027-01-01", ends="2027-06-30"
        )
        Phase.objects.create(
            process=process,
            title_sv="Idéer",
            starts="2027-01-01",
            ends="2027-02-28",
            is_active=True,
        )
    response = client.post(
        "/manage/processes/parken/phases/",
        {"title_sv": "Omröstning", "starts": "2027-02-15", "ends": "2027-03-31"},
        HTTP_HOST=host,
    )
    assert response.status_code == 200
    assert "Idéer" in response.context["form"].non_field_errors()[0]
    response = client.post(
        "/manage/processes/parken/phases/",
        {"title_sv": "Omröstning", "starts": "2027-03-31", "ends": "2027-03-01"},
        HTTP_HOST=host,
    )
    assert response.context["form"].errors["ends"]
    with schema_context(tenant_a.schema_name):
        assert Phase.objects.count() == 1


def test_a_component_setting_of_the_wrong_type_is_refused(client, tenant_a, bob):
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    with schema_context(tenant_a.schema_name):
        process = Process.objects.create(
            slug="parken", title_sv="Parken", summary_sv="S", starts="2027-01-01", ends="2027-06-30"
        )
    response = client.post(
        "/manage/processes/parken/components/",
        {"type": "news", "name_sv": "Nyheter", "name_en": "News"},
        HTTP_HOST=host,
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        component = Component.objects.get(process=process)
    response = client.post(
        f"/manage/processes/parken/components/{component.pk}/",
        {"names-name_sv": "Ändrat", "names-name_en": "", "settings-posts_per_page": "many"},
        HTTP_HOST=host,
    )
    assert response.status_code == 200
    assert response.context["general"].errors["posts_per_page"]
    with schema_context(tenant_a.schema_name):
        component.refresh_from_db()
        assert component.name_sv == "Nyheter"
        assert component.settings == {"posts_per_page": 10}
        assert Action.objects.filter(verb="component.added").exists()
