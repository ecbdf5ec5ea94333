"""Check an uploaded answer file by its content, never by its name or declared type.

Images (JPEG, PNG, GIF, WebP) are decoded with Pillow and re-encoded as a fresh JPEG, which
drops metadata such as the place a photo was taken. PDFs must start and end like a PDF and
carry no scripts, launch actions or embedded files. Anything else is refused, whatever its
name says.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE = "image"
PDF = "pdf"
MAX_PIXELS = 40_000_000
LONGEST_SIDE = 2400
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
# What the file input offers the browser's file picker (a hint only).
ACCEPT = {IMAGE: "image/jpeg,image/png,image/gif,image/webp", PDF: "application/pdf,.pdf"}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    name: str
    content: bytes
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def _display_name(upload: UploadedFile) -> str:
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name[:150] or "file"


def _as_image(data: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                return None
            probe.verify()
        if image_format not in IMAGE_FORMATS:
            return None
        with Image.open(io.BytesIO(data)) as image:
            rgb = ImageOps.exif_transpose(image).convert("RGB")
            rgb.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            rgb.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue()


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:] and not PDF_ACTIVE.search(data)


def check_file(upload: UploadedFile, kinds: list[str], max_mb: int) -> CheckedFile:
    """Return the file ready to store, or raise ValidationError saying what is wrong."""
    name = _display_name(upload)
    limit = max_mb * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": max_mb}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": max_mb}
        )
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    if PDF in kinds and _is_pdf(data):
        return CheckedFile(PDF, name, data, "pdf")
    if IMAGE in kinds:
        image = _as_image(data)
        if image is not None:
            return CheckedFile(IMAGE, name, image, "jpg")
    accepted = {IMAGE: _("an image (JPEG, PNG, GIF, WebP)"), PDF: _("a PDF without scripts")}
    wanted = _(" or ").join(str(accepted[kind]) for kind in kinds if kind in accepted)
    raise ValidationError(
        _("%(name)s is not %(wanted)s, whatever its name says.") % {"name": name, "wanted": wanted}
    )
