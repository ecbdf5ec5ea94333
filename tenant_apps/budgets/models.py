"""Participatory budgets: budgets with projects, ballots (online, paper, assisted), the
computed outcome and the delivery of the selected projects."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick
from shared_apps.vocabularies.models import Area, Category


class Budget(models.Model):
    """An amount residents distribute over projects, with its ballot and outcome rules.

    The rules, the amount and the project list are frozen (`frozen_at`) by the first
    submitted ballot: changing them afterwards would change what voters agreed to.
    """

    class BallotRule(models.TextChoices):
        KNAPSACK = "knapsack", _("Projects within the budget")
        MIN_PROJECTS = "min_projects", _("At least a number of projects within the budget")
        APPROVAL = "approval", _("Approve between a minimum and a maximum of projects")
        CUMULATIVE = "cumulative", _("Distribute points")
        RANKED = "ranked", _("Rank projects")

    class OutcomeRule(models.TextChoices):
        GREEDY = "greedy", _("Most votes first (greedy)")
        EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")

    class Completion(models.TextChoices):
        ADD1 = "add1", _("add1: raise each voter's share by 1 kr while the cost fits")
        EXHAUSTIVE = "exhaustive", _("add1, stopping when no further project fits")
        ADD1U = "add1u", _("add1, then fill up greedily")

    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="budgets"
    )
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    amount = models.PositiveBigIntegerField(_("amount (SEK)"))
    # Only residents of this area may vote here (with the area mode of the component).
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    position = models.PositiveIntegerField(default=0)
    ballot_rule = models.CharField(
        _("ballot rule"), max_length=20, choices=BallotRule.choices, default=BallotRule.KNAPSACK
    )
    # Knapsack: the least share of the amount a ballot must spend, in percent.
    min_share = models.PositiveSmallIntegerField(
        _("least share to spend (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    # min_projects / approval: least and most projects; ranked: most projects ranked.
    min_projects = models.PositiveSmallIntegerField(_("least projects"), default=1)
    max_projects = models.PositiveSmallIntegerField(_("most projects"), null=True, blank=True)
    # Cumulative: the points each voter distributes.
    points = models.PositiveSmallIntegerField(
        _("points to distribute"), default=10, validators=[MinValueValidator(1)]
    )
    outcome_rule = models.CharField(
        _("outcome rule"), max_length=20, choices=OutcomeRule.choices, default=OutcomeRule.GREEDY
    )
    completion = models.CharField(
        _("Equal Shares completion"),
        max_length=20,
        choices=Completion.choices,
        default=Completion.ADD1,
    )
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title_sv

    def get_absolute_url(self) -> str:
        return f"{self.component.get_absolute_url()}{self.pk}/"

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def description(self) -> Translated:
        return pick(self, "description")

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def min_spend(self) -> int:
        """Return the least a knapsack ballot must spend, in whole kronor (rounded up)."""
        return -(-self.amount * self.min_share // 100)


class Project(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("On the ballot")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_sv = models.TextField(_("description in Swedish"))
    description_en = models.TextField(_("description in English"), blank=True)
    cost = models.PositiveBigIntegerField(_("cost (SEK)"), validators=[MinValueValidator(1)])
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
    image = models.ImageField(_("image"), upload_to="budgets/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    # Delivery tracking once selected: 0-100, shown as a progress bar.
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title_sv

    def get_absolute_url(self) -> str:
        return f"{self.budget.get_absolute_url()}projects/{self.pk}/"

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def description(self) -> Translated:
        return pick(self, "description")

    @property
    def follow_key(self) -> str:
        return f"project:{self.pk}"


def new_receipt_code() -> str:
    """Return a receipt code a person can read out: 12 characters without look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Ballot(models.Model):
    """One voter's ballot in one budget: a draft while it is being filled, then submitted.

    `voter_key` names the person, not the account: the keyed hash of their verified
    identity when they have one (shared_apps.identity), else "account:<id>". The partial
    unique constraint makes "one submitted ballot per person per budget" a database rule,
    and it survives account deletion (the key stays, the user link is cleared).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        # A paper or assisted ballot entered by mistake; kept, counted nowhere.
        VOIDED = "voided", _("Voided")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")
        ASSISTED = "assisted", _("Assisted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voter_key = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    receipt_code = models.CharField(max_length=14, blank=True)
    # The voter's area when they voted (from their verification), for participation figures.
    area_slug = models.CharField(max_length=60, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "voter_key"],
                condition=Q(status="submitted") & ~Q(voter_key=""),
                name="one_submitted_ballot_per_person",
            ),
            models.UniqueConstraint(
                fields=["budget", "user"],
                condition=Q(status="draft"),
                name="one_draft_per_account",
            ),
            models.UniqueConstraint(
                fields=["receipt_code"],
                condition=~Q(receipt_code=""),
                name="unique_receipt_code",
            ),
        ]
        indexes = [models.Index(fields=["budget", "status"], name="ballot_budget_status")]

    def __str__(self) -> str:
        return f"{self.budget_id}:{self.public_id}"


class BallotChoice(models.Model):
    """A project on a ballot: points for cumulative ballots, rank (1 = first) for ranked."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="one_choice_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.project_id}"


class Outcome(models.Model):
    """A computed outcome of one rule for a budget; the published one is what residents see."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="outcomes")
    rule = models.CharField(max_length=20, choices=Budget.OutcomeRule.choices)
    completion = models.CharField(max_length=20, blank=True)
    # Project ids in selection order, and per project the votes (or score) counted.
    selected = models.JSONField(default=list)
    votes = models.JSONField(default=dict)
    ballots_online = models.PositiveIntegerField(default=0)
    ballots_paper = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Why staff published another rule than the one chosen before voting (shown publicly).
    publish_reason = models.TextField(blank=True)
    # A manual change of the computed winners: allowed only with a public reason.
    override_reason = models.TextField(blank=True)
    override_selected = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(published_at__isnull=False),
                name="one_published_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}:{self.rule}"

    @property
    def winners(self) -> list[int]:
        return list(self.override_selected if self.override_selected is not None else self.selected)


class Milestone(models.Model):
    """A dated step in delivering a selected project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    due = models.DateField(_("date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title_sv

    @property
    def title(self) -> Translated:
        return pick(self, "title")


class ProjectUpdate(models.Model):
    """News about a project's delivery, shown on its public page."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    text_sv = models.TextField(_("text in Swedish"))
    text_en = models.TextField(_("text in English"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.text_sv[:40]

    @property
    def text(self) -> Translated:
        return pick(self, "text")
