"""Onboarding a tenant: schema, domain and validation of what ops type in."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import schema_context, schema_exists

from tenant_apps.actionlog.models import Action
from tenants.actions import onboard_tenant
from tenants.colors import contrast_ratio
from tenants.models import Domain, Tenant

pytestmark = pytest.mark.django_db


def test_it_creates_schema_and_primary_domain(portal):
    tenant = onboard_tenant(
        slug="park-och-natur",
        name_sv="Park- och naturförvaltningen",
        name_en="Parks",
        extra_domains=("Park.Example.test",),
    )
    assert tenant.schema_name == "t_park_och_natur"
    assert schema_exists("t_park_och_natur")
    assert set(Domain.objects.filter(tenant=tenant).values_list("domain", "is_primary")) == {
        ("park-och-natur.localhost", True),
        ("park.example.test", False),
    }
    with schema_context(tenant.schema_name):
        assert Action.objects.count() == 0


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Kultur", "lowercase"),
        ("ab", "lowercase"),
        ("kultur--x", "lowercase"),
        ("-kultur", "lowercase"),
        ("admin", "reserved"),
        ("www", "reserved"),
    ],
)
def test_it_rejects_bad_slugs_with_a_clear_message(portal, slug, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            onboard_tenant(slug=slug, name_sv="X", name_en="X")
        assert message in str(error.value)
    assert not Tenant.objects.filter(slug=slug).exists()


def test_it_rejects_a_brand_colour_white_text_cannot_be_read_on(portal):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            onboard_tenant(slug="gul", name_sv="Gul", name_en="Yellow", primary_color="#ffdd00")
        assert "4.5:1" in str(error.value)
    assert not schema_exists("t_gul")


def test_it_rejects_a_second_tenant_with_the_same_slug(portal, tenant_a):
    with pytest.raises(ValidationError):
        onboard_tenant(slug="alfa", name_sv="Igen", name_en="Again")
    assert Tenant.objects.filter(slug="alfa").count() == 1


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
