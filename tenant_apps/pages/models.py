"""Pages: a component holding one text page (safe rich text in both languages)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class Page(models.Model):
    component = models.OneToOneField(
        "spaces.Component", on_delete=models.CASCADE, related_name="page"
    )
    # Safe HTML, cleaned by config.richtext before it is saved.
    body_sv = models.TextField(_("text in Swedish"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.component)

    @property
    def body(self) -> Translated:
        return pick(self, "body")
