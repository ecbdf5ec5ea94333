"""City-wide e-proposals (e-förslag), public schema.

Any resident proposes on the portal; city officers check the proposal against the
published rules and publish it; residents support it for a period (default 90 days);
one that reaches the threshold (default 200) in time goes to the queue of the tenant
(administration or company) it is routed to, which records its handling and decision.
The whole life is public: status, count, routing history, decision and follow-up.

Why public: a proposal belongs to the city, not to one tenant, and is routed between
tenants. Tenant staff read and write these rows from their own host (search_path is
`<tenant>, public`), so nothing crosses schemas in Python. See docs/adr/0021.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.usertext import plain_excerpt

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 5000
COMMENT_MAX_LENGTH = 2000
MAX_IMAGES = 3


class EProposalSettings(models.Model):
    """The city's e-proposal rules: one row (pk=1), changed by city officers.

    A published e-proposal copies the period and threshold, so a later change applies to
    e-proposals published after it, never to one that is collecting supports.
    """

    support_days = models.PositiveSmallIntegerField(_("support period in days"), default=90)
    threshold = models.PositiveIntegerField(_("supports needed"), default=200)
    answer_days = models.PositiveSmallIntegerField(
        _("days for the responsible body to answer"), default=90
    )
    # Verification handler names (shared_apps.identity.handlers); empty: signed in is enough.
    submit_verifications = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name=_("to submit")
    )
    support_verifications = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name=_("to support")
    )
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("e-proposal settings")
        verbose_name_plural = _("e-proposal settings")

    def __str__(self) -> str:
        return "e-proposal settings"

    @classmethod
    def current(cls) -> EProposalSettings:
        """Return the settings row, created with the defaults the first time."""
        row, _created = cls.objects.get_or_create(
            pk=1,
            defaults={
                "submit_verifications": list(settings.EPROPOSALS_SUBMIT_VERIFICATIONS),
                "support_verifications": list(settings.EPROPOSALS_SUPPORT_VERIFICATIONS),
            },
        )
        return row


class AnswerDeadline(models.Model):
    """A tenant's own number of days to answer (overrides EProposalSettings.answer_days)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    days = models.PositiveSmallIntegerField(_("days to answer"))

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.days} days"


class RoutingRule(models.Model):
    """ "E-proposals about this area and/or category usually belong to this tenant."

    Suggestions only: an officer always confirms the routing. The most specific rule wins
    (area and category, then category, then area).
    """

    area = models.ForeignKey(
        "vocabularies.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "vocabularies.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "category"],
                nulls_distinct=False,
                name="eproposals_one_rule_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(category__isnull=False),
                name="eproposals_rule_names_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.category_id} → {self.tenant_id}"


class EProposalQuerySet(models.QuerySet["EProposal"]):
    def public(self) -> EProposalQuerySet:
        """Return the e-proposals anyone may see: published at some point (one withdrawn
        while awaiting review never was)."""
        return self.filter(published_at__isnull=False).exclude(status__in=EProposal.UNPUBLISHED)

    def in_queue_of(self, tenant: object) -> EProposalQuerySet:
        """Return what the tenant must handle or has handled (over the threshold)."""
        return self.filter(tenant=tenant, status__in=EProposal.HANDLING)

    def overdue(self, today: date | None = None) -> EProposalQuerySet:
        """Return the e-proposals whose answer is late (due before today, not decided)."""
        today = today or timezone.localdate()
        return self.filter(status__in=EProposal.AWAITING_ANSWER, answer_due__lt=today)


class EProposal(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        DECLINED = "declined", _("Not published")
        OPEN = "open", _("Open for support")
        # The support period ended below the threshold; final_count keeps the count.
        CLOSED = "closed", _("Closed without enough support")
        # Over the threshold: in the responsible tenant's queue (or awaiting routing when
        # no tenant is set), until the tenant records its handling.
        FORWARDED = "forwarded", _("Sent for an answer")
        RECEIVED = "received", _("Received")
        INVESTIGATING = "investigating", _("Under investigation")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn by the proposer")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PARTLY = "partly", _("Partly approved")
        REJECTED = "rejected", _("Rejected")

    class DeclineRule(models.TextChoices):
        """The published rules (templates/eproposals/rules.html says each in full)."""

        PERSONAL = "personal", _("Names or points out individual people")
        OFFENSIVE = "offensive", _("Offensive, threatening or discriminating")
        COMMERCIAL = "commercial", _("Advertising or commercial")
        UNLAWFUL = "unlawful", _("Asks for something against the law")
        NOT_CITY = "not_city", _("Not something the city decides")
        DUPLICATE = "duplicate", _("The same as an existing e-proposal")
        UNCLEAR = "unclear", _("Not possible to understand what is proposed")
        AUTHORITY = (
            "authority",
            _("A decision about one person or one case (exercise of authority)"),
        )

    UNPUBLISHED = (Status.PENDING, Status.DECLINED)
    HANDLING = (Status.FORWARDED, Status.RECEIVED, Status.INVESTIGATING, Status.DECIDED)
    AWAITING_ANSWER = (Status.FORWARDED, Status.RECEIVED, Status.INVESTIGATING)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Nullable so a deleted account leaves its e-proposal ("Deleted participant").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="eproposals",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    # Resident text (config.usertext): a Markdown subset, rendered safely.
    body = models.TextField(_("description"), max_length=BODY_MAX_LENGTH)
    area = models.ForeignKey(
        "vocabularies.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    category = models.ForeignKey(
        "vocabularies.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    # Moderation.
    decline_rule = models.CharField(max_length=20, choices=DeclineRule.choices, blank=True)
    decline_text = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # Support, copied from EProposalSettings at publication.
    support_ends = models.DateTimeField(null=True, blank=True)
    threshold = models.PositiveIntegerField(default=0)
    # Mirrors the Support rows; support() and withdraw_support() change both under a lock
    # on this row, so the count and the threshold moment are exact under concurrency.
    supports_count = models.PositiveIntegerField(default=0)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    # The count when the support period ended (closed) or the threshold was reached.
    final_count = models.PositiveIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Routing: the responsible tenant. Set by officers at any time before the decision;
    # a tenant's "not our responsibility" clears it (back to routing).
    tenant = models.ForeignKey(
        "tenants.Tenant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible administration or company"),
    )
    routed_at = models.DateTimeField(null=True, blank=True)
    # When the tenant's queue got it (threshold reached and routed) and its answer date.
    forwarded_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(null=True, blank=True)

    # Handling and decision, recorded by the responsible tenant.
    received_at = models.DateTimeField(null=True, blank=True)
    investigating_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    minutes_url = models.URLField(_("link to the minutes"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)

    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = EProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("e-proposal")
        verbose_name_plural = _("e-proposals")
        indexes = [
            models.Index(fields=["status", "-created"], name="eproposals_by_status"),
            # A tenant's queue and the per-administration statistics.
            models.Index(fields=["tenant", "status"], name="eproposals_by_tenant"),
            # The periodic close of expired support periods.
            models.Index(
                fields=["support_ends"],
                condition=Q(status="open"),
                name="eproposals_open_ends",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="decided") | (Q(decision__gt="") & Q(decision_text__gt="")),
                name="eproposals_decided_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("eproposals:detail", args=[self.pk], urlconf=settings.PUBLIC_SCHEMA_URLCONF)

    @property
    def excerpt(self) -> str:
        return plain_excerpt(self.body, 200)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and (
            self.support_ends is None or self.support_ends > timezone.now()
        )

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.status not in self.UNPUBLISHED

    @property
    def awaiting_routing(self) -> bool:
        return self.status == self.Status.FORWARDED and self.tenant_id is None

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.AWAITING_ANSWER
            and self.answer_due is not None
            and self.answer_due < timezone.localdate()
        )

    def days_left_at(self, now: datetime) -> int | None:
        """Return the whole days left of the support period at `now`, or None when the
        e-proposal is not open for support (any more)."""
        if self.status != self.Status.OPEN or self.support_ends is None:
            return None
        if self.support_ends <= now:
            return None
        return (self.support_ends - now).days

    @property
    def counted(self) -> int:
        """Return the count to show: the final one once counting stopped."""
        return self.final_count if self.final_count is not None else self.supports_count

    @property
    def progress_percent(self) -> int:
        if not self.threshold:
            return 0
        return min(100, round(100 * self.counted / self.threshold))

    @property
    def follow_key(self) -> str:
        return f"eproposal:{self.pk}"


def image_upload_to(instance: EProposalImage, filename: str) -> str:
    # A random name: images are re-encoded JPEGs (tenant_apps.proposals.attachments).
    return f"eproposals/{uuid.uuid4().hex}.jpg"


class EProposalImage(models.Model):
    eproposal = models.ForeignKey(EProposal, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=image_upload_to)
    # Written by the proposer for people who cannot see the image (WCAG 1.1.1).
    alt_text = models.CharField(_("image description"), max_length=200)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.alt_text


class Support(models.Model):
    """One person's support. `person_key` is the keyed hash of the verified person
    (shared_apps.identity) or "account:<id>", unique per e-proposal: one person cannot
    support twice through two accounts, and it survives account deletion."""

    eproposal = models.ForeignKey(EProposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_key = models.CharField(max_length=80)
    # The supporter's area from their verification, for the statistics (no identity).
    area_slug = models.CharField(max_length=60, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["eproposal", "person_key"], name="eproposals_one_support_per_person"
            ),
            models.UniqueConstraint(
                fields=["eproposal", "user"], name="eproposals_one_support_per_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_key[:12]} → {self.eproposal_id}"


class Event(models.Model):
    """The public history of one e-proposal: every step, with the reason where one is
    required (declining, rerouting, "not our responsibility"). Append-only."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published and open for support")
        DECLINED = "declined", _("Not published")
        ROUTED = "routed", _("Responsible body chosen")
        REROUTED = "rerouted", _("Responsible body changed")
        THRESHOLD = "threshold", _("Reached the number of supports")
        FORWARDED = "forwarded", _("Sent to the responsible body")
        CLOSED = "closed", _("Support period ended")
        RECEIVED = "received", _("Received by the responsible body")
        INVESTIGATING = "investigating", _("Under investigation")
        DECIDED = "decided", _("Decided")
        RETURNED = "returned", _("Not their responsibility: back to routing")
        FOLLOW_UP = "follow_up", _("Follow-up linked")
        CARRIED_OUT = "carried_out", _("Carried out")
        WITHDRAWN = "withdrawn", _("Withdrawn by the proposer")

    eproposal = models.ForeignKey(EProposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Who did it (kept for the audit; the public page names the body, not the person).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["eproposal", "created"], name="eproposal_history")]

    def __str__(self) -> str:
        return f"{self.eproposal_id}: {self.kind}"


class FollowUp(models.Model):
    """A decided e-proposal carried on in a tenant: a process, or a budget project under
    delivery tracking. Title, address and status are copied here by the tenant-side
    action (and kept current by the budgets' delivery actions), so the portal shows the
    follow-up without reading the tenant's schema."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Participatory process")
        ASSEMBLY = "assembly", _("Assembly")
        PROJECT = "project", _("Project under delivery")

    eproposal = models.ForeignKey(EProposal, on_delete=models.CASCADE, related_name="follow_ups")
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    # A path on the tenant's primary host.
    path = models.CharField(max_length=300)
    # The delivery status of a project (tenant_apps.budgets Project.Status value).
    status = models.CharField(max_length=20, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["eproposal", "tenant", "kind", "object_id"],
                name="eproposals_follow_up_once",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "kind", "object_id"], name="eproposals_followed")]

    def __str__(self) -> str:
        return self.title_sv


class Comment(models.Model):
    """A comment on an e-proposal: a position, replies one level deep, reports and hiding
    by city officers. Public schema, like the e-proposal it belongs to."""

    class Alignment(models.IntegerChoices):
        AGAINST = -1, _("Against")
        NEUTRAL = 0, _("Neutral")
        IN_FAVOUR = 1, _("In favour")

    eproposal = models.ForeignKey(EProposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    alignment = models.SmallIntegerField(
        _("position"), choices=Alignment.choices, default=Alignment.NEUTRAL
    )
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["eproposal", "created"], name="eproposal_comments")]

    def __str__(self) -> str:
        return plain_excerpt(self.body, 80)

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="eproposals_report_once"),
        ]

    def __str__(self) -> str:
        return f"report on {self.comment_id}"
