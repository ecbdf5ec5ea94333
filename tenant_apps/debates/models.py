"""Debates: a question put to residents, with background, argued for and against in the
comments (tenant_apps.comments) and closed by the administration with a conclusion."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class DebateQuerySet(models.QuerySet["Debate"]):
    def published(self) -> DebateQuerySet:
        return self.filter(published=True)


class Debate(models.Model):
    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open")
        # Past `closes_at`: arguments stop, no conclusion yet.
        ENDED = "ended", _("Closed")
        # Closed by staff, with a conclusion shown on top.
        CONCLUDED = "concluded", _("Concluded")

    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="debates"
    )
    # The question is the title: "Should the library open on Sundays?"
    title_sv = models.CharField(_("question in Swedish"), max_length=200)
    title_en = models.CharField(_("question in English"), max_length=200, blank=True)
    # Staff text in the residents' Markdown subset (config.usertext), cleaned when saved.
    background_sv = models.TextField(_("background in Swedish"), blank=True)
    background_en = models.TextField(_("background in English"), blank=True)
    # Both optional: no opening date means open from publishing, no closing date means
    # open until staff close it.
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    published = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    # Set by close_debate, cleared by reopen_debate (the conclusion text is kept as the
    # starting point for the next close; it shows only while closed_at is set).
    conclusion_sv = models.TextField(_("conclusion in Swedish"), blank=True)
    conclusion_en = models.TextField(_("conclusion in English"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    objects = DebateQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["component", "position"], name="debate_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(opens_at__lt=models.F("closes_at")),
                name="debate_opens_before_closes",
                violation_error_message=_("The debate must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title.text

    def get_absolute_url(self) -> str:
        return f"{self.component.get_absolute_url()}{self.pk}/"

    @property
    def follow_key(self) -> str:
        return f"debate:{self.pk}"

    @property
    def author_id(self) -> None:
        """A debate has no resident author (comments notify a target's author)."""
        return None

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def background(self) -> Translated:
        return pick(self, "background")

    @property
    def conclusion(self) -> Translated:
        return pick(self, "conclusion")

    def state_at(self, now: datetime | None = None) -> str:
        """Return the state at `now`: concluded by staff wins over the dates."""
        now = now or timezone.now()
        if self.closed_at is not None:
            return self.State.CONCLUDED
        if self.opens_at is not None and now < self.opens_at:
            return self.State.UPCOMING
        if self.closes_at is not None and now >= self.closes_at:
            return self.State.ENDED
        return self.State.OPEN

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def state_label(self) -> Any:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_concluded(self) -> bool:
        return self.closed_at is not None
