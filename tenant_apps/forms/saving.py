"""Store a response in one transaction, and read one back.

`save_response` writes the Response first: a second response with the same respondent key
fails there, at the database's unique constraint, before any answer or file is written.
Files are written to storage inside the transaction and deleted again if anything after
them fails, so a refused response leaves neither rows nor files behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.forms.build import AnswerValue, describe
from tenant_apps.forms.models import Answer, AnswerChoice, Choice, Form, Question, Response

UNIQUE_RESPONSE = "one_response_per_respondent"


class AlreadyAnswered(Exception):
    """The respondent has a response to this form already."""


def submitted_time(anonymous: bool, now: datetime | None = None) -> datetime:
    """Return the time stored with a response: the day only (midnight, local time) for an
    anonymous one, so it cannot be matched to the moment someone took part."""
    now = now or timezone.now()
    if not anonymous:
        return now
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def save_response(
    form: Form,
    answers: dict[int, AnswerValue],
    *,
    user: Any = None,
    anonymous: bool,
    respondent_key: str = "",
    then: Callable[[Response], None] | None = None,
) -> Response:
    """Store a response (answers from `ResponseForm.answers`) and return it.

    Raises AlreadyAnswered when `respondent_key` has answered the form already. An
    anonymous response keeps no link to `user`: only the key, which cannot be turned
    back into the account without the installation's secret (tenant_apps.forms.keys).
    `then(response)` runs inside the same transaction, for the owner's own rows (a
    survey's participant, a meeting's registration): if it raises, nothing is kept.
    Call this outside any longer transaction that might roll back after it returns:
    stored files are removed only when this function's own transaction fails.
    """
    stored: list[Any] = []
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    response = Response.objects.create(
                        form=form,
                        respondent_key=respondent_key,
                        user=None if anonymous else user,
                        anonymous=anonymous,
                        submitted=submitted_time(anonymous),
                    )
            except IntegrityError as error:
                if UNIQUE_RESPONSE in str(error):
                    raise AlreadyAnswered from None
                raise
            rows: list[Answer] = []
            chosen: list[AnswerChoice] = []
            for question_id, value in answers.items():
                answer = Answer(
                    response=response,
                    question_id=question_id,
                    text=value.text,
                    number=value.number,
                    date=value.date,
                )
                if value.file is not None:
                    answer.file.save(
                        f"upload.{value.file.extension}",
                        ContentFile(value.file.content),
                        save=False,
                    )
                    stored.append(answer.file)
                    answer.file_name = value.file.name
                    answer.file_size = value.file.size
                rows.append(answer)
                for choice_id in value.choices:
                    chosen.append(
                        AnswerChoice(answer=answer, question_id=question_id, choice_id=choice_id)
                    )
                for choice_id, rank in value.ranks.items():
                    chosen.append(
                        AnswerChoice(
                            answer=answer, question_id=question_id, choice_id=choice_id, rank=rank
                        )
                    )
                for row_id, column_id in value.rows.items():
                    chosen.append(
                        AnswerChoice(
                            answer=answer,
                            question_id=question_id,
                            choice_id=column_id,
                            row_id=row_id,
                        )
                    )
            Answer.objects.bulk_create(rows)
            AnswerChoice.objects.bulk_create(chosen)
            if then is not None:
                then(response)
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise
    return response


def stored_answers(response: Response) -> dict[int, AnswerValue]:
    """Return a stored response's answers as AnswerValues (two queries)."""
    values: dict[int, AnswerValue] = {}
    answers = {a.pk: a for a in Answer.objects.filter(response=response)}
    for answer in answers.values():
        values[answer.question_id] = AnswerValue(
            text=answer.file_name if answer.file else answer.text,
            number=answer.number,
            date=answer.date,
        )
    for row in AnswerChoice.objects.filter(answer__response=response):
        value = values[answers[row.answer_id].question_id]
        if row.row_id is not None:
            value.rows[row.row_id] = row.choice_id
        elif row.rank is not None:
            value.ranks[row.choice_id] = row.rank
        else:
            value.choices.append(row.choice_id)
    return values


def summary(
    questions: list[Question], answers: dict[int, AnswerValue]
) -> list[tuple[Question, list[str]]]:
    """Return (question, answer in words) for each answered question, in form order."""
    choices: dict[int, Choice] = {c.pk: c for q in questions for c in q.choices.all()}
    return [
        (question, describe(question, answers[question.pk], choices))
        for question in questions
        if question.pk in answers
    ]
