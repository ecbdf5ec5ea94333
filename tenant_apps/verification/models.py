"""Voting codes (tenant schema): printable single-use codes for one process.

Only a keyed hash of each code is stored, so the codes exist in clear only on the sheet
printed when the batch was made. Redeeming a code grants the account a verification
scoped to the process (shared_apps.identity, handler "voting_code").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VotingCodeBatch(models.Model):
    process = models.ForeignKey(
        "spaces.Process", on_delete=models.CASCADE, related_name="voting_code_batches"
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("For staff, e.g. where the codes are handed out."),
    )
    size = models.PositiveIntegerField(_("number of codes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    voided = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.size} codes for process {self.process_id}"


class VotingCode(models.Model):
    batch = models.ForeignKey(VotingCodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"voting code {self.pk}"
