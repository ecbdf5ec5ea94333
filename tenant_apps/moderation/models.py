"""Moderation: reports from residents, hiding, and blocking accounts in the tenant."""

from __future__ import annotations

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
