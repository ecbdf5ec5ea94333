"""Meetings (tenant schema): in person, online or hybrid, with an agenda, registrations
under a capacity with a waiting list, entry codes, and what happened afterwards (minutes,
attendance, linked proposals, a closing report).

Staff texts are stored in both languages (`title_sv`, `title_en`); descriptions, minutes
and the closing report are the Markdown subset of `config/usertext.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick

# The message for a meeting that ends before it starts, shared by the form, the action
# and the test of the database constraint (docs/meetings.md).
ENDS_BEFORE_START = _("The meeting must end after it starts.")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def published(self) -> MeetingQuerySet:
        return self.filter(published=True)

    def upcoming(self, now: datetime | None = None) -> MeetingQuerySet:
        """Meetings that have not ended yet (running ones included)."""
        return self.filter(ends__gte=now or timezone.now())

    def past(self, now: datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends__lt=now or timezone.now())

    def with_counts(self) -> MeetingQuerySet:
        """Annotate registered (attended included) and wait-listed counts in the same
        query, so a list costs the same for 1 meeting as for 200."""
        taken = (Registration.Status.REGISTERED, Registration.Status.ATTENDED)
        return self.annotate(
            registered_total=models.Count(
                "registrations", filter=Q(registrations__status__in=taken)
            ),
            waitlisted_total=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )


class Meeting(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Organiser(models.TextChoices):
        TENANT = "tenant", _("The administration")
        ASSEMBLY = "assembly", _("An assembly")
        RESIDENT = "resident", _("A resident")

    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="meetings"
    )
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.IN_PERSON)

    # Where, for meetings in person (and hybrid ones).
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    accessibility_sv = models.TextField(_("accessibility in Swedish"), blank=True)
    accessibility_en = models.TextField(_("accessibility in English"), blank=True)
    # Shown only to registered participants, from the component's `online_link_minutes`
    # before the start until the end (Meeting.online_link_open); never in feeds or mail.
    online_url = models.URLField(_("link to the online meeting"), max_length=500, blank=True)

    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))

    organiser = models.CharField(
        _("organiser"), max_length=10, choices=Organiser.choices, default=Organiser.TENANT
    )
    organiser_assembly = models.ForeignKey(
        "spaces.Assembly", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("organising assembly"),
    )  # fmt: skip
    # The resident who proposed the meeting (organiser "resident"); SET_NULL keeps the
    # meeting when the account is deleted.
    organiser_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # Residents' proposed meetings wait unpublished until staff publish them.
    published = models.BooleanField(_("published"), default=False)

    takes_registrations = models.BooleanField(_("residents register"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )

    linked_proposals = models.ManyToManyField(
        "proposals.Proposal", blank=True, related_name="+", verbose_name=_("linked proposals")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    attendance_count = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    closing_report = models.TextField(_("closing report"), blank=True)
    # Questions asked when residents register (tenant_apps.forms; registration_form.py).
    registration_form = models.OneToOneField(
        "forms.Form", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts", "pk"]
        indexes = [models.Index(fields=["component", "starts"], name="meeting_component_starts")]
        constraints = [
            # The form says so too; the database keeps any other writer honest.
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(organiser="assembly", organiser_assembly__isnull=False)
                | ~Q(organiser="assembly"),
                name="meeting_assembly_organiser_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title.text

    def get_absolute_url(self) -> str:
        return f"{self.component.get_absolute_url()}{self.pk}/"

    def get_manage_url(self) -> str:
        return f"{self.component.get_content_manage_url()}{self.pk}/"

    @property
    def follow_key(self) -> str:
        return f"meeting:{self.pk}"

    @property
    def author_id(self) -> int | None:
        """For comments: the resident who proposed it, if any."""
        return self.organiser_user_id

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def description(self) -> Translated:
        return pick(self, "description")

    @property
    def accessibility(self) -> Translated:
        return pick(self, "accessibility")

    @property
    def is_in_person(self) -> bool:
        return self.kind in (self.Kind.IN_PERSON, self.Kind.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.kind in (self.Kind.ONLINE, self.Kind.HYBRID)

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts

    def has_ended(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends

    def online_link_opens(self, minutes: int) -> datetime:
        return self.starts - timedelta(minutes=minutes)

    def online_link_open(self, minutes: int, now: datetime | None = None) -> bool:
        """Return whether the online link may be shown now (to registered participants):
        from `minutes` before the start until the end."""
        now = now or timezone.now()
        return (
            bool(self.online_url)
            and self.is_online
            and self.online_link_opens(minutes) <= now <= self.ends
        )

    def location_text(self) -> str:
        """Return place and address as one line (for calendars and e-mail)."""
        return ", ".join(part for part in (self.place, self.address) if part)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = ENDS_BEFORE_START
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both latitude and longitude, or neither.")
        if self.kind in (self.Kind.IN_PERSON, self.Kind.HYBRID) and not (
            self.place or self.address
        ):
            errors["address"] = _("Say where the meeting is held.")
        if self.kind in (self.Kind.ONLINE, self.Kind.HYBRID) and not self.online_url:
            errors["online_url"] = _("Give the link to the online meeting.")
        if self.organiser == self.Organiser.ASSEMBLY and self.organiser_assembly_id is None:
            errors["organiser_assembly"] = _("Choose the assembly that organises the meeting.")
        if errors:
            raise ValidationError(errors)


class AgendaItem(models.Model):
    """One point of a meeting's agenda, in order, with an optional time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title_sv = models.CharField(_("item in Swedish"), max_length=200)
    title_en = models.CharField(_("item in English"), max_length=200, blank=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title.text

    @property
    def title(self) -> Translated:
        return pick(self, "title")


class Registration(models.Model):
    """A resident's place at a meeting (or in its waiting list).

    Invariants, kept by `tenant_apps.meetings.registering` under a lock on the meeting
    row: at most `capacity` registrations are REGISTERED or ATTENDED; WAITLISTED ones have
    positions 1..n in order of arrival; a resident has at most one active registration
    per meeting (also a partial unique constraint).
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # Shown to the resident and typed at the door; unique in the tenant (codes.py).
    code = models.CharField(max_length=12, unique=True)
    # The place in the waiting list (1 is next), only while wait-listed.
    position = models.PositiveIntegerField(null=True, blank=True)
    # Answers to the meeting's registration questions (the forms engine's hook, see
    # tenant_apps/meetings/questions.py); empty when there are none.
    answers = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    # Set in the transaction that queues the reminder, so it is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["meeting", "status", "position"], name="registration_queue")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_registration",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", position__isnull=False)
                | (~Q(status="waitlisted") & Q(position__isnull=True)),
                name="registration_position_only_waitlisted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def has_place(self) -> bool:
        return self.status in (self.Status.REGISTERED, self.Status.ATTENDED)

    @property
    def formatted_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}" if len(self.code) == 8 else self.code
