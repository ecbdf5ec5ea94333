"""Participatory spaces (tenant schema): processes with dated phases, assemblies, and the
components placed in them.

A space is how an administration asks residents something. Its components (pages, news,
proposals, budgets, ...) come from the component registry and change behaviour with the
process's active phase through per-phase settings.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick
from shared_apps.designs.models import TemplateBase
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.spaces.registry import registry


def new_preview_token() -> str:
    return secrets.token_urlsafe(18)


def hero_upload_to(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"{instance.space_kind}/{instance.slug}/hero.{extension}"


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SpaceQuerySet(models.QuerySet["Any"]):
    def published(self) -> Self:
        return self.filter(published=True)


class Space(TimeStamped):
    """What processes and assemblies share: bilingual texts, a slug, areas and publishing.

    Unpublished spaces are seen only by the tenant's staff and by holders of the private
    preview link (`preview_token`), which an admin can rotate to revoke old links.
    """

    space_kind = ""  # the URL segment: "processes" or "assemblies"

    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        help_text=_("Lowercase letters, digits and hyphens; part of the page's address."),
    )
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to=hero_upload_to, blank=True)
    hero_alt_sv = models.CharField(_("image description in Swedish"), max_length=200, blank=True)
    hero_alt_en = models.CharField(_("image description in English"), max_length=200, blank=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("areas"))
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    preview_token = models.CharField(max_length=32, default=new_preview_token)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title.text

    def get_absolute_url(self) -> str:
        return f"/{self.space_kind}/{self.slug}/"

    @property
    def change_rule(self) -> str:
        """Return the permission rule that changing this space (or its content) needs."""
        return f"spaces.change_{self._meta.model_name}"

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def hero_alt(self) -> Translated:
        return pick(self, "hero_alt")

    def clean(self) -> None:
        if self.hero_image and not (self.hero_alt_sv or "").strip():
            raise ValidationError(
                {"hero_alt_sv": _("Describe the image for people who cannot see it.")}
            )


class ProcessQuerySet(SpaceQuerySet):
    def active(self, today: date | None = None) -> ProcessQuerySet:
        today = today or timezone.localdate()
        return self.filter(starts__lte=today, ends__gte=today)

    def upcoming(self, today: date | None = None) -> ProcessQuerySet:
        return self.filter(starts__gt=today or timezone.localdate())

    def past(self, today: date | None = None) -> ProcessQuerySet:
        return self.filter(ends__lt=today or timezone.localdate())

    def with_status(self, status: str, today: date | None = None) -> ProcessQuerySet:
        if status in {"active", "upcoming", "past"}:
            return getattr(self, status)(today)
        return self

    def for_listing(self) -> ProcessQuerySet:
        """Prefetch what a list of processes shows, so the page costs the same per row."""
        return self.prefetch_related(
            "areas",
            "categories",
            models.Prefetch("phases", queryset=Phase.objects.filter(is_active=True)),
        )


class Process(Space):
    """A participatory process: a question to residents with a beginning and an end."""

    space_kind = "processes"

    class PhaseMode(models.TextChoices):
        DATES = "dates", _("By the phases' dates")
        MANUAL = "manual", _("Set by an administrator")

    subtitle_sv = models.CharField(_("subtitle in Swedish"), max_length=200, blank=True)
    subtitle_en = models.CharField(_("subtitle in English"), max_length=200, blank=True)
    summary_sv = models.TextField(_("short description in Swedish"), max_length=600)
    summary_en = models.TextField(_("short description in English"), max_length=600, blank=True)
    # Safe HTML: cleaned by config.richtext when saved through forms or actions.
    description_sv = models.TextField(_("long description in Swedish"), blank=True)
    description_en = models.TextField(_("long description in English"), blank=True)
    categories = models.ManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("categories")
    )
    starts = models.DateField(_("start date"))
    ends = models.DateField(_("end date"))
    promoted = models.BooleanField(
        _("promoted"), default=False, help_text=_("Shown first on the home page.")
    )
    phase_mode = models.CharField(
        _("active phase"), max_length=10, choices=PhaseMode.choices, default=PhaseMode.DATES
    )
    # Where the design came from (a template's name), kept for the admin's information.
    template_name = models.CharField(max_length=200, blank=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-promoted", "starts", "pk"]
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")), name="process_ends_after_start"
            ),
        ]

    @property
    def subtitle(self) -> Translated:
        return pick(self, "subtitle")

    @property
    def summary(self) -> Translated:
        return pick(self, "summary")

    @property
    def description(self) -> Translated:
        return pick(self, "description")

    def status(self, today: date | None = None) -> str:
        """Return "upcoming", "active" or "past" by the process's dates."""
        today = today or timezone.localdate()
        if today < self.starts:
            return "upcoming"
        if today > self.ends:
            return "past"
        return "active"

    @property
    def active_phase(self) -> Phase | None:
        """Return the active phase (uses the prefetched list when `for_listing` ran)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "phases" in cache:
            active = [phase for phase in cache["phases"] if phase.is_active]
            return active[0] if active else None
        return self.phases.filter(is_active=True).first()

    def clean(self) -> None:
        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The end date must not be before the start date.")})


class Phase(models.Model):
    """One step of a process (ideas, review, vote, results); exactly one is active."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    title_sv = models.CharField(_("title in Swedish"), max_length=120)
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    starts = models.DateField(_("start date"))
    ends = models.DateField(_("end date"))
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            # The database, not just the form, holds the "one active phase" rule, so two
            # admins activating different phases at once cannot both win.
            models.UniqueConstraint(
                fields=["process"], condition=Q(is_active=True), name="one_active_phase"
            ),
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title.text

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def description(self) -> Translated:
        return pick(self, "description")


class Assembly(Space):
    """A standing body (youth council, pensioners' council) with members and meetings."""

    space_kind = "assemblies"

    purpose_sv = models.TextField(_("purpose in Swedish"), max_length=1000)
    purpose_en = models.TextField(_("purpose in English"), max_length=1000, blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title_sv"]
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")

    @property
    def purpose(self) -> Translated:
        return pick(self, "purpose")

    @property
    def description(self) -> Translated:
        return pick(self, "description")


class AssemblyMember(models.Model):
    """A member of an assembly as presented publicly (a name and a role, maybe an account)."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=120)
    role_sv = models.CharField(_("role in Swedish"), max_length=120, blank=True)
    role_en = models.CharField(_("role in English"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def role(self) -> Translated:
        return pick(self, "role")


class Component(TimeStamped):
    """A feature placed in a space (pages, news, proposals, ...), typed by the registry.

    `settings` holds the type's global settings; `phase_settings` maps a phase's id (as a
    string) to that phase's settings. Both are validated against the registered type by
    `tenant_apps.spaces.registry` before every save, so templates never read a setting of
    the wrong type.
    """

    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.CASCADE, related_name="components"
    )
    assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.CASCADE, related_name="components"
    )
    type = models.CharField(_("type"), max_length=40)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=False)
    settings = models.JSONField(default=dict, blank=True)
    phase_settings = models.JSONField(default=dict, blank=True)
    # Per action: {"verifications": ["eid", ...]}; filled by the identity features.
    permissions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(process__isnull=False, assembly__isnull=True)
                | Q(process__isnull=True, assembly__isnull=False),
                name="component_in_one_space",
            ),
        ]

    def __str__(self) -> str:
        return self.name.text

    def get_absolute_url(self) -> str:
        return f"{self.space.get_absolute_url()}{self.type}/{self.pk}/"

    @property
    def name(self) -> Translated:
        return pick(self, "name")

    @property
    def space(self) -> Process | Assembly:
        return self.process if self.process_id else self.assembly  # type: ignore[return-value]

    @property
    def component_type(self) -> Any:
        return registry.get(self.type)

    @property
    def type_is_registered(self) -> bool:
        """False for rows of a type whose app was removed; they are shown to nobody."""
        return self.type in registry

    def get_manage_url(self) -> str:
        return f"/manage{self.space.get_absolute_url()}components/{self.pk}/"

    def get_content_manage_url(self) -> str:
        """Return where staff edit the content (posts, page text) of this component."""
        return f"/manage{self.space.get_absolute_url()}{self.type}/{self.pk}/"

    def current_settings(self, phase: Phase | None = None) -> dict[str, Any]:
        """Return global settings merged with the given (or active) phase's settings."""
        component_type = self.component_type
        values = component_type.settings_with_defaults(self.settings)
        phase_pk = phase.pk if phase is not None else None
        if phase is None and self.process_id:
            # get_component_for_user reads the active phase's id with the component.
            if ACTIVE_PHASE_PK in self.__dict__:
                phase_pk = self.__dict__[ACTIVE_PHASE_PK]
            else:
                active = self.process.active_phase  # type: ignore[union-attr]
                phase_pk = active.pk if active is not None else None
        stored = self.phase_settings.get(str(phase_pk), {}) if phase_pk is not None else {}
        values.update(component_type.phase_settings_with_defaults(stored))
        return values


# The annotation naming a component's active phase (see Component.current_settings).
ACTIVE_PHASE_PK = "active_phase_pk"


class ProcessTemplate(TemplateBase):
    """A template kept in this tenant only."""

    class Meta(TemplateBase.Meta):
        verbose_name = _("template")
        verbose_name_plural = _("templates")
