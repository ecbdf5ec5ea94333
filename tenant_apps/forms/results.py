"""Results of a form: counts per choice, averages, rank scores and matrix tables.

`form_results(form)` costs the same handful of queries for 1 response or 100 000: the
questions and their choices, the number of responses, one GROUP BY over answers (numbers,
texts, files), one over chosen options (choices, ranks, matrix cells) and, for staff, one
window query for the latest texts per question.

Ranking scores are Borda counts: among N ranks, rank r earns N − r + 1 points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Max, Min, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from tenant_apps.forms.build import load_questions, options, rank_count, rows
from tenant_apps.forms.models import Answer, AnswerChoice, Form, Question

T = Question.Type
LATEST_TEXTS = 10


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class Bar:
    """One bar of a chart: a label, a count and its share of those who answered."""

    label: str
    count: int
    percent: int
    # Rankings: the Borda score and the average rank.
    score: int = 0
    average_rank: Decimal | None = None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    # Matrix: the column labels and, per row, its label and the bars of its columns.
    columns: list[str] = field(default_factory=list)
    matrix: list[tuple[str, list[Bar]]] = field(default_factory=list)
    average: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return str(self.question.type)


@dataclass
class FormResults:
    responses: int
    questions: list[QuestionResult]


def _rounded(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def form_results(form: Form, *, with_texts: bool = True) -> FormResults:
    """Return the form's results; `with_texts` adds the latest free texts (staff only:
    residents' words may name people, so public results show counts only)."""
    questions = [q for q in load_questions(form) if not q.is_section]
    responses = form.responses.count()
    answer_stats: dict[int, Any] = {
        row["question_id"]: row
        for row in Answer.objects.filter(question__form_id=form.pk)
        .values("question_id")
        .annotate(
            answered=Count("id"),
            others=Count("id", filter=~Q(text="")),
            average=Avg("number"),
            minimum=Min("number"),
            maximum=Max("number"),
        )
        .order_by()
    }
    cells: dict[tuple[int, int, int | None], Any] = {
        (row["question_id"], row["choice_id"], row["row_id"]): row
        for row in AnswerChoice.objects.filter(question__form_id=form.pk)
        .values("question_id", "choice_id", "row_id")
        .annotate(count=Count("id"), rank_sum=Sum("rank"))
        .order_by()
    }
    texts: dict[int, list[str]] = {}
    if with_texts:
        latest = (
            Answer.objects.filter(
                question__form_id=form.pk,
                question__type__in=[T.SHORT_TEXT, T.LONG_TEXT, T.SINGLE_CHOICE, T.MULTIPLE_CHOICE],
            )
            .exclude(text="")
            .annotate(
                number_in_question=Window(
                    RowNumber(),
                    partition_by=[F("question_id")],
                    order_by=[F("response__submitted").desc(), F("id")],
                )
            )
            .filter(number_in_question__lte=LATEST_TEXTS)
            .values_list("question_id", "text")
        )
        for question_id, text in latest:
            texts.setdefault(question_id, []).append(text)
    results = []
    for question in questions:
        stats: dict[str, Any] = answer_stats.get(question.pk, {})
        result = QuestionResult(question, answered=stats.get("answered", 0))
        result.texts = texts.get(question.pk, [])
        if question.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
            for choice in options(question):
                count = cells.get((question.pk, choice.pk, None), {}).get("count", 0)
                result.bars.append(Bar(choice.label.text, count, percent(count, result.answered)))
            if question.other_enabled:
                others = stats.get("others", 0)
                result.bars.append(Bar(_("Other"), others, percent(others, result.answered)))
        elif question.type == T.RANKING:
            result.bars = _ranking_bars(question, cells, result.answered)
        elif question.type == T.MATRIX:
            columns = options(question)
            result.columns = [c.label.text for c in columns]
            for row in rows(question):
                counts = [
                    cells.get((question.pk, column.pk, row.pk), {}).get("count", 0)
                    for column in columns
                ]
                total = sum(counts)
                result.matrix.append(
                    (
                        row.label.text,
                        [
                            Bar(column.label.text, count, percent(count, total))
                            for column, count in zip(columns, counts, strict=True)
                        ],
                    )
                )
        elif question.type == T.NUMBER:
            result.average = _rounded(stats.get("average"))
            result.minimum = _rounded(stats.get("minimum"))
            result.maximum = _rounded(stats.get("maximum"))
        results.append(result)
    return FormResults(responses, results)


def _ranking_bars(
    question: Question, cells: dict[tuple[int, int, int | None], Any], answered: int
) -> list[Bar]:
    ranks = rank_count(question)
    bars = []
    for item in options(question):
        cell = cells.get((question.pk, item.pk, None), {})
        count, rank_sum = cell.get("count", 0), cell.get("rank_sum") or 0
        bar = Bar(item.label.text, count, percent(count, answered))
        bar.score = count * (ranks + 1) - rank_sum
        bar.average_rank = _rounded(rank_sum / count) if count else None
        bars.append(bar)
    best = max((bar.score for bar in bars), default=0)
    for bar in bars:
        # A ranking's bars show each score against the best one.
        bar.percent = percent(bar.score, best)
    return sorted(bars, key=lambda bar: -bar.score)
