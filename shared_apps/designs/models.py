"""Process templates: a saved process design (phases, components, settings, page texts;
never participant data) that any tenant can start a new process from.

Templates live in a tenant (`spaces.ProcessTemplate`) or in the city-wide library here in
public (`CityTemplate`), which is how the city gives every administration the same good
process designs. The design format is described in tenant_apps/spaces/designs.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class TemplateBase(models.Model):
    name_sv = models.CharField(_("name in Swedish"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    design = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name_sv"]

    def __str__(self) -> str:
        return self.name.text

    @property
    def name(self) -> Translated:
        return pick(self, "name")

    @property
    def description(self) -> Translated:
        return pick(self, "description")

    @property
    def phase_count(self) -> int:
        return len(self.design.get("phases", []))


class CityTemplate(TemplateBase):
    """A template in the city-wide library, offered to every tenant."""

    # The tenant it was shared from (none for templates the platform ships).
    source_tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(TemplateBase.Meta):
        verbose_name = _("city-wide template")
        verbose_name_plural = _("city-wide templates")
