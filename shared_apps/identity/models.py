"""Verifications (public schema): what the platform knows about who a resident is and
where they live, stored once for the whole city and reused by every tenant.

- `PersonIdentity` ties one person (a keyed hash of their identifier) to one account;
  unique on both sides, so a second account cannot claim the same person.
- `Verification` is one completed check by one handler, with what it proved
  (`attributes`: area, municipality, birth date...), how long it lasts and whether it
  was revoked. Requirements are evaluated against valid rows at the moment of use.
- `IdentityConflict` records a second account trying an identity that is taken, for
  platform ops to look into; `VerificationAttempt` is the log of every try.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonIdentity(models.Model):
    """One person ↔ one account. `key` is identity_key(kind, identifier), never the identifier."""

    key = models.CharField(max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_identity"
    )
    handler = models.CharField(_("first verified by"), max_length=30)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("person identity")
        verbose_name_plural = _("person identities")

    def __str__(self) -> str:
        return f"identity of user {self.user_id}"


class VerificationQuerySet(models.QuerySet["Verification"]):
    def valid(self, at: Any = None) -> VerificationQuerySet:
        """Return the rows that count now: not revoked and not expired."""
        at = at or timezone.now()
        return self.filter(revoked__isnull=True).filter(Q(expires__isnull=True) | Q(expires__gt=at))


class Verification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications"
    )
    handler = models.CharField(max_length=30, db_index=True)
    # "" for city-wide verifications; "<schema>:process:<id>" for a process's voting code.
    scope = models.CharField(max_length=120, blank=True, default="")
    identity = models.ForeignKey(
        PersonIdentity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the check proved, e.g. {"area": "centrum", "municipality": "1480",
    # "birth_date": "1980-01-01", "postal_code": "41301"}. No identifiers in clear.
    attributes = models.JSONField(default=dict, blank=True)
    self_declared = models.BooleanField(
        default=False, help_text=_("The resident stated it; nobody checked it.")
    )
    evidence = models.CharField(_("evidence"), max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        indexes = [models.Index(fields=["user", "handler"])]
        constraints = [
            # A resident holds at most one live verification per handler and scope; a
            # new one replaces (revokes) the old in the same transaction.
            models.UniqueConstraint(
                fields=["user", "handler", "scope"],
                condition=Q(revoked__isnull=True),
                name="one_live_verification_per_handler",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.handler} for user {self.user_id}"

    @property
    def handler_label(self) -> str:
        from shared_apps.identity.handlers import HANDLERS

        handler = HANDLERS.get(self.handler)
        return str(handler.label) if handler else self.handler

    def facts(self, area_names: dict[str, str]) -> list[str]:
        """Return what this verification says about the person, in words."""
        from django.utils.translation import gettext

        words = []
        if self.identity_id:
            words.append(gettext("identity checked"))
        if "area" in self.attributes:
            area = area_names.get(self.attributes["area"], self.attributes["area"])
            words.append(gettext("lives in %(area)s") % {"area": area})
        elif self.attributes.get("municipality") == settings.CITY_MUNICIPALITY_CODE:
            words.append(gettext("lives in %(city)s") % {"city": settings.CITY_NAME})
        if "birth_date" in self.attributes:
            words.append(gettext("born %(date)s") % {"date": self.attributes["birth_date"]})
        if self.scope:
            words.append(gettext("valid for one process only"))
        return words

    def is_valid(self, at: Any = None) -> bool:
        at = at or timezone.now()
        return self.revoked is None and (self.expires is None or self.expires > at)


class IdentityConflict(models.Model):
    """A second account tried to verify as a person who is tied to another account."""

    identity = models.ForeignKey(PersonIdentity, on_delete=models.CASCADE, related_name="conflicts")
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    handler = models.CharField(max_length=30)
    created = models.DateTimeField(default=timezone.now)
    resolved = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("identity conflict")
        verbose_name_plural = _("identity conflicts")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"conflict on identity {self.identity_id} by user {self.attempted_by_id}"


class VerificationAttempt(models.Model):
    """Every verification try, refused or not: the log the bad-input rules ask for."""

    class Outcome(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handler = models.CharField(max_length=30)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # A short machine code (e.g. "bad_signature", "identity_taken", "code_used").
    reason = models.CharField(max_length=60, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("verification attempt")
        verbose_name_plural = _("verification attempts")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.handler} {self.outcome} {self.reason}"
