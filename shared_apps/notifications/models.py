"""Follows, the city-wide inbox and each resident's e-mail preference (public schema).

A resident has one inbox for the whole city: every row names the tenant it came from, so
the portal and every tenant host show the same list without looking into tenant schemas.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A resident follows one thing inside a tenant, named by a key such as "process:12".

    The title and path are copied from the thing when it is followed, so the settings
    page can list follows from every tenant without opening tenant schemas.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant", "key"], name="follow_unique"),
        ]
        # notify() looks up the followers of a few keys in one tenant.
        indexes = [models.Index(fields=["tenant", "key"], name="follow_tenant_key")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.tenant_id}/{self.key}"

    @property
    def title(self) -> str:
        return pick(self.title_sv, self.title_en)


def pick(text_sv: str, text_en: str) -> str:
    """Return the English text when English is active and there is one, else the Swedish."""
    if text_en and (get_language() or "sv").startswith("en"):
        return text_en
    return text_sv


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One entry in a resident's city-wide inbox."""

    class Event(models.TextChoices):
        COMMENT = "comment", _("New comment")
        REPLY = "reply", _("Reply to you")
        ANSWER = "answer", _("Answer to your proposal")
        PHASE_CHANGED = "phase_changed", _("New phase")
        PROPOSAL_ACCEPTED = "proposal_accepted", _("Proposal accepted")
        VOTE_OPENED = "vote_opened", _("Voting has opened")
        CONTENT_HIDDEN = "content_hidden", _("Content hidden by a moderator")
        PROJECT_UPDATE = "project_update", _("News about a project you follow")
        # An alert (shared_apps.alerts): something opened in an area, topic or tenant.
        OPENED = "opened", _("Now open")
        DEBATE_CONCLUDED = "debate_concluded", _("Debate concluded")
        # City-wide e-proposals (shared_apps.eproposals).
        EPROPOSAL_PUBLISHED = "eproposal_published", _("Your e-proposal is published")
        EPROPOSAL_DECLINED = "eproposal_declined", _("Your e-proposal was not published")
        EPROPOSAL_THRESHOLD = "eproposal_threshold", _("E-proposal reached its supports")
        EPROPOSAL_FORWARDED = "eproposal_forwarded", _("E-proposal to answer")
        EPROPOSAL_UPDATE = "eproposal_update", _("News about an e-proposal")
        EPROPOSAL_ANSWERED = "eproposal_answered", _("E-proposal answered")
        EPROPOSAL_CLOSED = "eproposal_closed", _("E-proposal closed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Empty for city-wide events (e.g. from the portal).
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=30, choices=Event.choices)
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    text_sv = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    # A path on the tenant's primary host (the portal's for city-wide events).
    path = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the entry needs no e-mail any more: sent (immediately or in a digest), or
    # created while the resident had chosen "never". Unset rows are what digests scan.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # The inbox, newest first.
            models.Index(fields=["user", "-created"], name="notification_inbox"),
            # The unread count in every page header.
            models.Index(
                fields=["user"], name="notification_unread", condition=Q(read_at__isnull=True)
            ),
            # The digest scan: only rows still waiting for e-mail, by resident.
            models.Index(
                fields=["user", "id"],
                name="notification_unemailed",
                condition=Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.user_id}: {self.title_sv}"

    @property
    def title(self) -> str:
        return pick(self.title_sv, self.title_en)

    @property
    def text(self) -> str:
        return pick(self.text_sv, self.text_en)


class NotificationSettings(models.Model):
    """How a resident wants e-mail about their inbox; created on first change.

    The default is a daily digest: immediate mail for every comment on a followed process
    floods people, a weekly digest arrives after a vote or a phase has moved on, and
    "never" would hide the inbox from residents who rarely sign in.
    """

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Once a day, in one e-mail")
        WEEKLY = "weekly", _("Once a week, in one e-mail")
        NEVER = "never", _("Never")

    DEFAULT_EMAIL = Email.DAILY

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(max_length=10, choices=Email.choices, default=DEFAULT_EMAIL)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"
        # The weekly digest finds its residents by setting.
        indexes = [models.Index(fields=["email"], name="notification_settings_email")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
