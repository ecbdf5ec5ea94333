"""Proposals: residents' ideas in a component, with supports, likes, attachments and the
administration's official answer."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.moderation.models import Moderated


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def listed(self) -> ProposalQuerySet:
        """Proposals residents see in lists: not withdrawn, not hidden by moderators."""
        return self.filter(withdrawn_at__isnull=True, hidden=False)


class Proposal(Moderated):
    class State(models.TextChoices):
        # "Not answered" is the empty string; custom states are "custom:<slug>".
        NOT_ANSWERED = "", _("Not answered")
        EVALUATING = "evaluating", _("Evaluating")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=150)
    # Resident text (config.usertext): plain text or a small Markdown subset.
    body = models.TextField(_("description"))
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # The official answer; shown to residents only when the phase publishes answers.
    state = models.CharField(_("state"), max_length=60, blank=True, default="")
    answer_sv = models.TextField(_("answer in Swedish"), blank=True)
    answer_en = models.TextField(_("answer in English"), blank=True)
    answer_cost = models.PositiveBigIntegerField(_("estimated cost (SEK)"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EvaluatorAssignment", related_name="+", blank=True
    )

    # Mirror Support rows with counted=True and Like rows; changed only with F() updates
    # inside the action that adds or removes the row, so lists sort without counting.
    supports_count = models.PositiveIntegerField(default=0)
    likes_count = models.PositiveIntegerField(default=0)
    # Title and body as a Swedish text-search vector, written by the saving action.
    search_vector = SearchVectorField(null=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["component", "-created"], name="proposal_newest"),
            models.Index(fields=["component", "-supports_count"], name="proposal_supported"),
            GinIndex(fields=["search_vector"], name="proposal_search"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.component.get_absolute_url()}{self.pk}/"

    @property
    def follow_key(self) -> str:
        return f"proposal:{self.pk}"

    @property
    def answer(self) -> Translated:
        return pick(self, "answer")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class CustomState(models.Model):
    """An answer state a component adds to evaluating / accepted / rejected."""

    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="proposal_states"
    )
    slug = models.SlugField(_("short name"), max_length=40)
    label_sv = models.CharField(_("name in Swedish"), max_length=60)
    label_en = models.CharField(_("name in English"), max_length=60, blank=True)

    class Meta:
        ordering = ["label_sv"]
        constraints = [
            models.UniqueConstraint(fields=["component", "slug"], name="one_state_per_slug"),
        ]

    def __str__(self) -> str:
        return self.label.text

    @property
    def label(self) -> Translated:
        return pick(self, "label")

    @property
    def value(self) -> str:
        return f"custom:{self.slug}"


class EvaluatorAssignment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_assignment_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    # A random name: the resident's file name is kept only as the title.
    extension = "pdf" if instance.kind == Attachment.Kind.PDF else "jpg"
    return f"proposals/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF document")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Images are re-encoded as JPEG; PDFs are stored as sent, after their content is checked.
    file = models.FileField(upload_to=attachment_upload_to)
    title = models.CharField(_("title"), max_length=150)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Support(models.Model):
    """A resident's support for a proposal. `counted` is False while the resident has
    given fewer supports in the component than its minimum per resident."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Denormalised from the proposal: the per-resident limit counts by component.
    component = models.ForeignKey("spaces.Component", on_delete=models.CASCADE, related_name="+")
    counted = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_user"),
        ]
        indexes = [models.Index(fields=["component", "user"], name="support_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Like(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_like_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class ProposalLink(models.Model):
    """A proposal turned into something elsewhere (a budget project), kept both ways."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="links")
    target_component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="+"
    )
    # The receiving type's own key for the new item ("project:7") and its public path.
    target_key = models.CharField(max_length=120)
    path = models.CharField(max_length=300)
    title = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "target_component"], name="one_link_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.target_key}"


def state_label(value: str, custom: dict[str, Any]) -> Any:
    """Return the label of a state value; `custom` maps custom values to CustomState."""
    if value.startswith("custom:") and value in custom:
        return custom[value].label.text
    try:
        return Proposal.State(value).label
    except ValueError:
        return value


__all__ = [
    "Attachment",
    "CustomState",
    "EvaluatorAssignment",
    "Like",
    "Proposal",
    "ProposalLink",
    "Support",
    "state_label",
]
