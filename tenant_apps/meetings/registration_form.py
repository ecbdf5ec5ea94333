"""Registration questions from the forms engine (tenant_apps.forms), installed as the
provider of tenant_apps.meetings.questions.

Staff write a meeting's questions with the engine's editor (the same one surveys use);
residents answer them on the registration page, validated by the engine (required
questions, choice limits, conditional questions). The answers are kept on the
Registration as a readable snapshot ({"answers": [{"question", "answer"}]}), so later
edits of the questions never change what someone answered, and the registrations list
and its CSV show them. File questions are left out: a registration keeps no files.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tenant_apps.forms.build import build_form
from tenant_apps.forms.models import Form, Question
from tenant_apps.forms.saving import summary
from tenant_apps.meetings.models import Meeting


def questions_of(form: Form) -> list[Question]:
    return [
        question
        for question in form.questions.prefetch_related("choices").order_by("position")
        if question.type != "file"
    ]


def registration_form_of(meeting: Meeting) -> Form:
    """Return the meeting's form, creating an empty one the first time staff edit it."""
    if meeting.registration_form_id is None:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if locked.registration_form_id is None:
                locked.registration_form = Form.objects.create()
                locked.save(update_fields=["registration_form"])
            meeting.registration_form = locked.registration_form
    assert meeting.registration_form is not None
    return meeting.registration_form


class FormsEngineQuestions:
    def form(self, meeting: Meeting, data: Any = None) -> forms.Form | None:
        if meeting.registration_form_id is None or meeting.registration_form is None:
            return None
        questions = questions_of(meeting.registration_form)
        if not questions:
            return None
        return build_form(meeting.registration_form, data, questions=questions, prefix="reg")

    def answers(self, meeting: Meeting, form: forms.Form) -> dict[str, Any]:
        """The engine's checked answers in words (hidden conditional questions are not
        among them), with each question's Swedish text."""
        assert meeting.registration_form is not None
        questions = questions_of(meeting.registration_form)
        # Kept in Swedish, the staff's language, whichever language the resident used.
        with translation.override(settings.LANGUAGE_CODE):
            rows = [
                {"question": question.text_sv, "answer": "; ".join(words)}
                for question, words in summary(questions, form.answers)  # type: ignore[attr-defined]
            ]
        return {"answers": rows}
