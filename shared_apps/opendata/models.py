"""Open-data archives (public schema): one ZIP per tenant and one for the whole city,
built nightly and on demand, each with CSV and JSON tables and a licence."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataArchive(models.Model):
    # None: the whole city's archive.
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to="opendata/")
    size = models.PositiveBigIntegerField(default=0)
    # Rows per table, e.g. {"processes": 12, "proposals": 340}.
    counts = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["tenant", "-created"], name="opendata_latest")]
        verbose_name = _("open-data archive")
        verbose_name_plural = _("open-data archives")

    def __str__(self) -> str:
        return str(self.file.name)
