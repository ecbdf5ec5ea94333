"""Platform ops (/ops/admin/) see verifications, the attempt log and identity conflicts.

Everything here is read-only except resolving a conflict: verifications change only
through shared_apps.identity.actions, so the log and the constraints stay true.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared_apps.identity.models import (
    IdentityConflict,
    PersonIdentity,
    Verification,
    VerificationAttempt,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "handler", "self_declared", "tenant", "created", "expires", "revoked"]
    list_filter = ["handler", "self_declared"]
    search_fields = ["user__email"]
    list_select_related = ["user", "tenant"]


@admin.register(VerificationAttempt)
class VerificationAttemptAdmin(ReadOnlyAdmin):
    list_display = ["created", "user", "handler", "outcome", "reason", "ip", "tenant"]
    list_filter = ["outcome", "handler", "reason"]
    search_fields = ["user__email", "ip"]
    list_select_related = ["user", "tenant"]


@admin.register(PersonIdentity)
class PersonIdentityAdmin(ReadOnlyAdmin):
    list_display = ["user", "handler", "created"]
    search_fields = ["user__email"]
    exclude = ["key"]


@admin.register(IdentityConflict)
class IdentityConflictAdmin(admin.ModelAdmin):
    list_display = ["created", "holder", "attempted_by", "handler", "resolved"]
    list_filter = ["handler", ("resolved", admin.EmptyFieldListFilter)]
    list_select_related = ["identity__user", "attempted_by"]
    readonly_fields = ["identity", "attempted_by", "handler", "created", "resolved"]
    fields = [*readonly_fields, "note"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("account holding the identity"))
    def holder(self, conflict: IdentityConflict) -> Any:
        return conflict.identity.user

    @admin.action(description=_("Mark as resolved"))
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[IdentityConflict]) -> None:
        queryset.filter(resolved__isnull=True).update(resolved=timezone.now())
