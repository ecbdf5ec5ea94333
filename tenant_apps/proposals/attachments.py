"""Check residents' files by their content, never by their name or declared type.

Images (JPEG, PNG, GIF, WebP) are decoded with Pillow and re-encoded as a fresh JPEG, which
drops metadata (location, camera) and anything hidden after the image data. PDFs must
start like a PDF, end like one and carry no script or launch actions. Anything else, such
as a program renamed `.jpg`, is refused with a message naming the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000
LONGEST_SIDE = 2400
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
# PDF actions that run code or other programs when the file is opened.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


@dataclass
class CheckedFile:
    kind: str  # "image" or "pdf"
    title: str
    content: ContentFile
    size: int
    width: int | None = None
    height: int | None = None


def _title(upload: UploadedFile) -> str:
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name[:150] or _("Attachment")


def _image(upload: UploadedFile, data: bytes, title: str) -> CheckedFile | None:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s has too many pixels; use a smaller image.") % {"name": title}
                )
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None
    if image_format not in IMAGE_FORMATS:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            upright = ImageOps.exif_transpose(image)
            rgb = upright.convert("RGB")
            rgb.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            rgb.save(out, "JPEG", quality=85, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("%(name)s could not be read as an image.") % {"name": title}
        ) from None
    encoded = out.getvalue()
    return CheckedFile("image", title, ContentFile(encoded), len(encoded), rgb.width, rgb.height)


def _pdf(data: bytes, title: str) -> CheckedFile | None:
    if not data.startswith(b"%PDF-"):
        return None
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("%(name)s is not a complete PDF file.") % {"name": title})
    if PDF_ACTIVE.search(data):
        raise ValidationError(
            _("%(name)s contains scripts or embedded files; save it as a plain PDF.")
            % {"name": title}
        )
    return CheckedFile("pdf", title, ContentFile(data), len(data))


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return the file ready to store, or raise ValidationError saying what is wrong."""
    title = _title(upload)
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": title, "limit": MAX_BYTES // 2**20}
        )
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": title, "limit": MAX_BYTES // 2**20}
        )
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": title})
    checked = _pdf(data, title) or _image(upload, data, title)
    if checked is None:
        raise ValidationError(
            _("%(name)s is not an image (JPEG, PNG, GIF, WebP) or a PDF, whatever its name says.")
            % {"name": title}
        )
    return checked


def check_uploads(uploads: list[UploadedFile], already: int = 0) -> list[CheckedFile]:
    """Check every file; raise one ValidationError listing every problem."""
    if len(uploads) + already > MAX_FILES:
        raise ValidationError(
            _("Attach at most %(limit)s files to a proposal.") % {"limit": MAX_FILES}
        )
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    return checked
