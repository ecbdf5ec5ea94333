"""Files are checked by their content: images are re-encoded, PDFs checked, the rest
refused with a message naming the file, and nothing is half-written."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import schema_context
from PIL import Image

from tenant_apps.proposals.attachments import MAX_BYTES
from tenant_apps.proposals.models import Attachment, Proposal
from tests.conftest import host_of, sign_in
from tests.proposals.factories import make_proposals_component

pytestmark = pytest.mark.django_db


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), "green")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make; must not survive re-encoding
    image.save(out, "PNG", exif=exif)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def post(client, tenant, component, *files):
    data = {"title": "Bänkar vid dammen", "body": "Fler bänkar längs gångvägen, tack.",
            "attachments": list(files)}  # fmt: skip
    return client.post(f"{component.get_absolute_url()}new/", data, HTTP_HOST=host_of(tenant))


def test_it_stores_images_re_encoded_and_pdfs_checked(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
    sign_in(client, alice)
    response = post(
        client, tenant_a, component,
        SimpleUploadedFile("park.png", png(), "image/png"),
        SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        image, pdf = Attachment.objects.order_by("pk")
        assert (image.kind, image.title, image.width, image.height) == ("image", "park.png", 40, 30)
        assert image.file.name.startswith(f"{tenant_a.schema_name}/proposals/")
        stored = image.file.read()
        assert stored.startswith(b"\xff\xd8") and b"SecretCamera" not in stored
        assert (pdf.kind, pdf.size) == ("pdf", len(PDF))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.jpg", b"MZ\x90\x00" + b"\x00" * 200, "is not an image"),
        ("script.pdf", b"%PDF-1.4\n/JavaScript (app.alert(1))\n%%EOF", "contains scripts"),
        ("half.pdf", b"%PDF-1.4\n1 0 obj", "not a complete PDF"),
        ("huge.png", b"\x89PNG" + b"\x00" * (MAX_BYTES + 1), "larger than 10 MB"),
        ("page.html", b"<html><script>alert(1)</script></html>", "is not an image"),
    ],
)
def test_it_refuses_disguised_or_oversized_files_and_keeps_the_text(
    client, tenant_a, alice, name, content, message
):
    client.cookies["django_language"] = "en"
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
    sign_in(client, alice)
    response = post(client, tenant_a, component, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["attachments"])
    assert message in errors and name in errors
    assert "Fler bänkar längs gångvägen" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Proposal.objects.exists()
        assert not Attachment.objects.exists()


def test_it_refuses_more_than_five_files(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
    sign_in(client, alice)
    files = [SimpleUploadedFile(f"bild{n}.png", png()) for n in range(6)]
    with translation.override("en"):
        response = post(client, tenant_a, component, *files)
    assert response.status_code == 400
    with schema_context(tenant_a.schema_name):
        assert not Proposal.objects.exists()
