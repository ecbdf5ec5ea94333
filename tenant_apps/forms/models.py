"""The forms engine: questionnaires that residents fill in (surveys, meeting registrations).

A `Form` has ordered `Question`s; choice-like questions have `Choice`s (options, and for a
matrix its rows). A question may be shown only when an earlier question's answer is (or,
for multiple choice, contains) one choice; chains follow from "earlier". A `Response` is one
filled-in form: one `Answer` per answered question and one `AnswerChoice` per chosen option
(with its rank for ranking questions and its row for matrices), so results are counted in
a few GROUP BY queries whatever the number of responses.

Response, Answer and AnswerChoice have random (UUID) keys: sequential ids would give away
the order in which residents answered, which with the participation index or the action
log could tie an anonymous answer to its author (docs/adr/0019).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.storage import current_prefix
from config.translated import Translated, pick


class Form(models.Model):
    """A questionnaire; its owner (a survey, a meeting) points at it one-to-one."""

    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("form")

    def __str__(self) -> str:
        return f"form {self.pk}"


class Question(models.Model):
    class Type(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        RANKING = "ranking", _("Ranking")
        MATRIX = "matrix", _("Matrix (rows × columns)")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        FILE = "file", _("File upload")
        SECTION = "section", _("Section break")

    class FileKind(models.TextChoices):
        IMAGE = "image", _("Image (JPEG, PNG, GIF, WebP)")
        PDF = "pdf", _("PDF document")

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="questions")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    position = models.PositiveIntegerField(default=0)
    text_sv = models.CharField(_("question in Swedish"), max_length=500)
    text_en = models.CharField(_("question in English"), max_length=500, blank=True)
    help_sv = models.TextField(_("help text in Swedish"), blank=True)
    help_en = models.TextField(_("help text in English"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    # Text: the longest answer.
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), default=1000)
    # Single and multiple choice: an "Other" option with a text box.
    other_enabled = models.BooleanField(_("offer “Other” with a text box"), default=False)
    # Multiple choice: how many options a resident may tick; ranking: how many items they
    # rank (empty max: all of them).
    min_choices = models.PositiveIntegerField(_("fewest choices"), null=True, blank=True)
    max_choices = models.PositiveIntegerField(_("most choices"), null=True, blank=True)
    number_min = models.DecimalField(
        _("smallest number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    whole_numbers = models.BooleanField(_("whole numbers only"), default=True)
    # File upload: the kinds accepted (checked by content) and the largest size.
    file_kinds = models.JSONField(_("accepted files"), default=list, blank=True)
    file_max_mb = models.PositiveIntegerField(_("largest file (MB)"), default=5)
    # Shown only when this choice (of an earlier single or multiple choice question) is
    # chosen; a hidden question is not required and an answer sent to it is dropped.
    condition_choice = models.ForeignKey(
        "Choice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conditioned_questions",
        verbose_name=_("show only when this is chosen"),
    )

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["form", "position"], name="question_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_choices__isnull=True)
                | Q(max_choices__isnull=True)
                | Q(min_choices__lte=models.F("max_choices")),
                name="question_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return self.text_sv

    @property
    def text(self) -> Translated:
        return pick(self, "text")

    @property
    def help(self) -> Translated:
        return pick(self, "help")

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def is_section(self) -> bool:
        return self.type == self.Type.SECTION

    @property
    def has_options(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def can_be_condition(self) -> bool:
        return self.type in (self.Type.SINGLE_CHOICE, self.Type.MULTIPLE_CHOICE)


CHOICE_TYPES = (
    Question.Type.SINGLE_CHOICE,
    Question.Type.MULTIPLE_CHOICE,
    Question.Type.RANKING,
    Question.Type.MATRIX,
)


class Choice(models.Model):
    """An option of a choice question, an item to rank, or a matrix column (`OPTION`), or
    a matrix row (`ROW`)."""

    class Role(models.TextChoices):
        OPTION = "option", _("Option")
        ROW = "row", _("Row")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.OPTION)
    position = models.PositiveIntegerField(default=0)
    label_sv = models.CharField(_("label in Swedish"), max_length=300)
    label_en = models.CharField(_("label in English"), max_length=300, blank=True)

    class Meta:
        ordering = ["role", "position", "pk"]

    def __str__(self) -> str:
        return self.label_sv

    @property
    def label(self) -> Translated:
        return pick(self, "label")


class Response(models.Model):
    """One filled-in form.

    `respondent_key` makes "one response per person" a database rule: the owner computes
    it (tenant_apps.forms.keys) from the account or the verified person, as a keyed hash
    when the response is anonymous, so a second response is refused at the constraint
    while nothing in the row names its author. `user` is set only for linked responses.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="responses")
    respondent_key = models.CharField(max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymous = models.BooleanField(default=False)
    # The day only for anonymous responses: an exact time could be matched with the
    # participation index or the action log.
    submitted = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "respondent_key"],
                condition=~Q(respondent_key=""),
                name="one_response_per_respondent",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(user__isnull=True),
                name="anonymous_response_has_no_user",
            ),
        ]
        indexes = [models.Index(fields=["form", "submitted"], name="response_by_form")]

    def __str__(self) -> str:
        return f"response to form {self.form_id}"


def private_storage() -> Any:
    """Answers' files have no public URL: staff download them through a view."""
    return storages["private"]


def answer_file_name(instance: Answer, filename: str) -> str:
    # A random name under the tenant's schema; the resident's name is kept as file_name.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"{current_prefix()}/forms/{uuid.uuid4().hex}.{extension}"


class Answer(models.Model):
    """The answer to one question: text, a number, a date or a file; chosen options are
    `AnswerChoice` rows, and an "Other" text is `text`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    file = models.FileField(
        storage=private_storage, upload_to=answer_file_name, max_length=200, blank=True
    )
    file_name = models.CharField(max_length=150, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        indexes = [models.Index(fields=["question"], name="answer_by_question")]

    def __str__(self) -> str:
        return f"answer to question {self.question_id}"


class AnswerChoice(models.Model):
    """One chosen option: with its `rank` (1 = first) in a ranking, its `row` in a matrix."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="chosen")
    # Denormalised from the answer, so results group by question without a join.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    row = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"], name="chosen_by_question")]

    def __str__(self) -> str:
        return f"{self.choice_id} in {self.answer_id}"
