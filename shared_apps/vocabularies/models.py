"""City-wide vocabularies (public schema): areas (stadsdelar) and categories.

Every tenant tags its processes with the same areas and categories, so the portal can
filter the whole city's offer by "where" and "what" without reading tenant schemas.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.translated import pick


class VocabularyTerm(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name_sv"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self, "name").text


class Area(VocabularyTerm):
    """A part of the city (stadsdel) that processes, projects and residents belong to."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class Category(VocabularyTerm):
    """A topic (e.g. parks, culture, traffic) shared by every tenant."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class PostalCode(models.Model):
    """A postal code of the city and the area it lies in (city-wide, shipped as data)."""

    code = models.CharField(_("postal code"), max_length=5, primary_key=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code[:3]} {self.code[3:]}"
