"""Moderation: reports from residents, hiding, and blocking accounts in the tenant."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """Fields every piece of resident content that can be reported carries (proposals,
    comments...). Lists filter on `hidden`; the page shows `hidden_reason` in place of a
    hidden item's text, or "hidden pending review" while the reason is empty."""

    hidden = models.BooleanField(_("hidden"), default=False)
    # Shown publicly in place of the content; empty while hidden automatically, pending
    # a moderator's review.
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Mirrors the number of open reports (moderation.Report), for the threshold check.
    reports_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def pending_review(self) -> bool:
        """Return whether the item was hidden automatically and awaits a moderator."""
        return self.hidden and not self.hidden_reason


class ModerationSettings(models.Model):
    """The tenant's moderation settings: one row (pk 1) in the tenant schema, or none
    while the defaults apply (read it with `ModerationSettings.current()`)."""

    DEFAULT_HIDE_AFTER_REPORTS = 3

    hide_after_reports = models.PositiveSmallIntegerField(
        _("hide after this many reports"),
        default=DEFAULT_HIDE_AFTER_REPORTS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Content is hidden, pending a moderator's review, once this many people "
            "have reported it (1–50)."
        ),
    )
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # A singleton: the one row is pk 1.
            models.CheckConstraint(condition=models.Q(pk=1), name="moderation_settings_singleton"),
            models.CheckConstraint(
                condition=models.Q(hide_after_reports__gte=1, hide_after_reports__lte=50),
                name="moderation_settings_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return f"hide after {self.hide_after_reports} reports"

    @classmethod
    def current(cls) -> ModerationSettings:
        """Return the tenant's settings (unsaved defaults when none were saved)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Report(models.Model):
    """A resident's report of one piece of content. Open while `resolved_at` is empty."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive, threatening or discriminating")
        DOES_NOT_BELONG = "does_not_belong", _("Does not belong here")
        OTHER = "other", _("Something else")

    class Resolution(models.TextChoices):
        HIDDEN = "hidden", _("Hidden by a moderator")
        DISMISSED = "dismissed", _("Dismissed")

    # The registry name (moderation.registry) and the primary key of the content.
    target_type = models.CharField(max_length=50)
    target_id = models.PositiveBigIntegerField()
    # SET_NULL: deleting an account keeps the count of reports on the content honest.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # Resident text (config.usertext), at most 1000 characters; seen by moderators only.
    details = models.TextField(_("details"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            # One open report per person and item: a second click cannot double-count.
            # Partial, so a person may report again after a moderator has decided.
            models.UniqueConstraint(
                fields=["target_type", "target_id", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="moderation_one_open_report_per_reporter",
            ),
        ]
        indexes = [
            # The queue groups open reports by item.
            models.Index(
                fields=["target_type", "target_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="moderation_open_reports",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} {self.reason}"


class Block(models.Model):
    """An account blocked from taking part in this tenant (and only this one)."""

    # CASCADE: deleting the account (shared_apps.privacy) removes the block with it; there
    # is nobody left to block, and the action log keeps the history.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Seen by staff only.
    reason = models.CharField(_("reason"), max_length=300)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"block {self.user_id}"
