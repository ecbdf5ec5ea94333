"""The tenant's action log: who changed what, kept in the tenant's own schema."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Action(models.Model):
    """One state change, written by the action function in the same transaction."""

    # SET_NULL keeps the record when an account is removed; anonymisation (not deletion)
    # is the normal path, see ARCHITECTURE.md.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=100)
    target = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.verb} {self.target}"
