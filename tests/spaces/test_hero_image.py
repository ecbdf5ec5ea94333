"""A process's hero image: uploaded through the admin form, described, stored per tenant."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from tenant_apps.spaces.models import Process
from tests.conftest import host_of, sign_in_with_two_factor
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), "#1f5f3a").save(buffer, format="PNG")
    return SimpleUploadedFile("park.png", buffer.getvalue(), content_type="image/png")


def _form(process: Process, **extra: object) -> dict[str, object]:
    return {
        "title_sv": process.title_sv,
        "slug": process.slug,
        "summary_sv": process.summary_sv,
        "starts": process.starts.isoformat(),
        "ends": process.ends.isoformat(),
        "phase_mode": "dates",
        **extra,
    }


def test_it_stores_an_uploaded_hero_image_under_the_tenant_and_shows_it(client, tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
    sign_in_with_two_factor(client, bob)
    response = client.post(
        "/manage/processes/parken/",
        _form(process, hero_image=_png(), hero_alt_sv="Parken i vårsol"),
        HTTP_HOST=host_of(tenant_a),
    )
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(tenant_a.schema_name):
        process.refresh_from_db()
    assert process.hero_image.name.startswith(f"{tenant_a.schema_name}/processes/parken/hero")
    page = client.get("/processes/parken/", HTTP_HOST=host_of(tenant_a)).content.decode()
    assert 'alt="Parken i vårsol"' in page


def test_it_refuses_an_image_without_a_description_or_a_file_that_is_not_an_image(
    client, tenant_a, bob
):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
    sign_in_with_two_factor(client, bob)
    host = host_of(tenant_a)
    response = client.post(
        "/manage/processes/parken/", _form(process, hero_image=_png()), HTTP_HOST=host
    )
    assert response.status_code == 200
    assert response.context["form"].errors["hero_alt_sv"]
    fake = SimpleUploadedFile("park.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        "/manage/processes/parken/",
        _form(process, hero_image=fake, hero_alt_sv="x"),
        HTTP_HOST=host,
    )
    assert response.context["form"].errors["hero_image"]
    with schema_context(tenant_a.schema_name):
        process.refresh_from_db()
    assert not process.hero_image
