"""Factories for forms and questions, called explicitly from test bodies (in a tenant)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tenant_apps.forms.models import Choice, Form, Question


def make_question(form: Form, type: str, text: str = "Fråga", **fields: Any) -> Question:
    options = fields.pop("options", None)
    row_labels = fields.pop("rows", None)
    question = Question.objects.create(
        form=form,
        type=type,
        text_sv=text,
        text_en=fields.pop("text_en", text),
        position=fields.pop("position", form.questions.count()),
        **fields,
    )
    for index, label in enumerate(options or []):
        Choice.objects.create(question=question, position=index, label_sv=label, label_en=label)
    for index, label in enumerate(row_labels or []):
        Choice.objects.create(
            question=question, role=Choice.Role.ROW, position=index, label_sv=label, label_en=label
        )
    return question


def option(question: Question, label: str) -> Choice:
    return question.choices.get(role=Choice.Role.OPTION, label_sv=label)


def row(question: Question, label: str) -> Choice:
    return question.choices.get(role=Choice.Role.ROW, label_sv=label)


def make_every_kind(form: Form) -> dict[str, Question]:
    """One question of each type (and a section break), none required."""
    made = {
        "section": make_question(form, "section", "Om dig"),
        "short": make_question(form, "short_text", "Namn på din gata", max_length=20),
        "long": make_question(form, "long_text", "Berätta mer"),
        "single": make_question(
            form, "single_choice", "Hur ofta?", options=["Ofta", "Sällan"], other_enabled=True
        ),
        "multiple": make_question(
            form,
            "multiple_choice",
            "Vad vill du ha?",
            options=["Bänkar", "Träd", "Lekplats", "Belysning"],
            min_choices=2,
            max_choices=3,
            other_enabled=True,
        ),
        "ranking": make_question(form, "ranking", "Rangordna", options=["A", "B", "C"]),
        "matrix": make_question(
            form, "matrix", "Hur nöjd?", options=["Nöjd", "Missnöjd"], rows=["Parken", "Torget"]
        ),
        "number": make_question(form, "number", "Ålder", number_min=0, number_max=120),
        "date": make_question(form, "date", "När flyttade du hit?"),
        "file": make_question(form, "file", "Bild", file_kinds=["image"], file_max_mb=1),
    }
    return made


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def png_upload(name: str = "bild.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
