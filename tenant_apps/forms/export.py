"""CSV export of a form's responses: one row per response, one column per question (per
item for rankings, per row for matrices, and one more for an "Other" text).

Five queries whatever the number of responses: questions, choices, responses, answers and
chosen options (each read once, ordered, and joined in memory). Anonymous responses carry
no account column. Cells that a spreadsheet would run as a formula get a leading
apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.forms.build import load_questions, options, rows
from tenant_apps.forms.models import Answer, AnswerChoice, Form, Question, Response

T = Question.Type
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass(frozen=True)
class Column:
    """One CSV column: what it reads from a response's parts (see `_empty`)."""

    header: str
    part: str  # "choices", "texts", "ranks", "cells", "numbers", "dates" or "files"
    question: int
    pk: int = 0  # the ranked item or the matrix row
    labels: tuple[tuple[int, str], ...] = ()

    def value(self, parts: dict[str, Any]) -> str:
        found = parts[self.part]
        labels = dict(self.labels)
        if self.part == "choices":
            return "; ".join(labels.get(c, "") for c in sorted(found.get(self.question, [])))
        if self.part == "ranks":
            return str(found.get((self.question, self.pk), ""))
        if self.part == "cells":
            return labels.get(found.get((self.question, self.pk), 0), "")
        if self.question not in found:
            return ""
        value = found[self.question]
        if self.part == "numbers":
            return f"{value.normalize():f}"
        if self.part == "dates":
            return str(value.isoformat())
        return str(value)


def _columns(questions: list[Question]) -> list[Column]:
    columns: list[Column] = []
    for question in questions:
        title, qid = question.text.text, question.pk
        labels = tuple((c.pk, c.label.text) for c in options(question))
        if question.is_section:
            continue
        if question.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
            columns.append(Column(title, "choices", qid, labels=labels))
            if question.other_enabled:
                columns.append(Column(f"{title} – {_('Other')}", "texts", qid))
        elif question.type == T.RANKING:
            for item in options(question):
                columns.append(Column(f"{title} – {item.label.text}", "ranks", qid, item.pk))
        elif question.type == T.MATRIX:
            for row in rows(question):
                columns.append(Column(f"{title} – {row.label.text}", "cells", qid, row.pk, labels))
        elif question.type == T.NUMBER:
            columns.append(Column(title, "numbers", qid))
        elif question.type == T.DATE:
            columns.append(Column(title, "dates", qid))
        elif question.type == T.FILE:
            columns.append(Column(title, "files", qid))
        else:
            columns.append(Column(title, "texts", qid))
    return columns


def _empty() -> dict[str, Any]:
    return {"choices": {}, "texts": {}, "ranks": {}, "cells": {}, "numbers": {}, "dates": {},
            "files": {}}  # fmt: skip


def write_csv(
    form: Form,
    out: IO[str],
    *,
    file_url: Callable[[Answer], str] | None = None,
) -> int:
    """Write the form's responses to `out`; return how many. `file_url(answer)` gives the
    staff download address of a file answer (else the file's name is written)."""
    questions = load_questions(form)
    responses = list(
        Response.objects.filter(form=form).select_related("user").order_by("submitted", "id")
    )
    linked = any(not response.anonymous for response in responses)
    parts: dict[Any, dict[str, Any]] = {response.pk: _empty() for response in responses}
    answer_response: dict[Any, Any] = {}
    for answer in Answer.objects.filter(response__form=form).only(
        "id", "response_id", "question_id", "text", "number", "date", "file", "file_name"
    ):
        own = parts[answer.response_id]
        answer_response[answer.pk] = answer.response_id
        qid = answer.question_id
        if answer.text:
            own["texts"][qid] = answer.text
        if answer.number is not None:
            own["numbers"][qid] = answer.number
        if answer.date is not None:
            own["dates"][qid] = answer.date
        if answer.file:
            own["files"][qid] = file_url(answer) if file_url else answer.file_name
    for row in AnswerChoice.objects.filter(question__form_id=form.pk).values_list(
        "answer_id", "question_id", "choice_id", "row_id", "rank"
    ):
        answer_id, qid, choice_id, row_id, rank = row
        own = parts[answer_response[answer_id]]
        if row_id is not None:
            own["cells"][(qid, row_id)] = choice_id
        elif rank is not None:
            own["ranks"][(qid, choice_id)] = rank
        else:
            own["choices"].setdefault(qid, []).append(choice_id)
    columns = _columns(questions)
    writer = csv.writer(out)
    head = [_("Response"), _("Submitted")]
    if linked:
        head.append(_("Account"))
    writer.writerow([safe(h) for h in head + [column.header for column in columns]])
    for response in responses:
        submitted = timezone.localtime(response.submitted)
        line = [
            str(response.pk),
            submitted.date().isoformat()
            if response.anonymous
            else submitted.isoformat(timespec="seconds"),
        ]
        if linked:
            line.append(response.user.email if response.user is not None else "")
        own = parts[response.pk]
        line.extend(column.value(own) for column in columns)
        writer.writerow([safe(value) for value in line])
    return len(responses)


__all__ = ["write_csv"]
