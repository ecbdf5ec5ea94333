"""Report, hide, unhide, dismiss reports, block and unblock: each one transaction that
checks the permission, locks the content row where reports race, and logs every step."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.throttle import hit
from config.usertext import clean_user_text
from tenant_apps.actionlog.actions import log_action
from tenant_apps.moderation.events import content_hidden
from tenant_apps.moderation.models import Block, ModerationSettings, Report
from tenant_apps.moderation.registry import ModeratedType, registry
from tenant_apps.spaces.permissions import is_blocked, require
from tenants.models import current_tenant

DETAILS_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 300
# Reports per person per hour (and per address, generous: a library is one address).
REPORTS_PER_USER = (10, 3600)
REPORTS_PER_IP = (100, 3600)


def target_label(type_name: str, obj: Any) -> str:
    """Return the action log's name for a piece of content, e.g. "comment:12"."""
    return f"{type_name}:{obj.pk}"


def _lock(moderated_type: ModeratedType, obj: Any) -> Any:
    """Lock and return the content row: reports_count and hidden are read and written
    under this lock, so concurrent reports count one by one and hide exactly once."""
    return moderated_type.model._default_manager.select_for_update().get(pk=obj.pk)


def _copy_state(locked: Any, obj: Any) -> None:
    """Give the caller's object the values just saved."""
    for name in ("hidden", "hidden_reason", "hidden_at", "reports_count"):
        setattr(obj, name, getattr(locked, name))


def _resolve_open_reports(type_name: str, obj: Any, resolution: str, by: Any) -> int:
    """Close the item's open reports with `resolution`; return how many were open."""
    return Report.objects.filter(
        target_type=type_name, target_id=obj.pk, resolved_at__isnull=True
    ).update(
        resolved_at=timezone.now(),
        resolution=resolution,
        resolved_by=by if getattr(by, "is_authenticated", False) else None,
    )


def report(
    user: Any,
    type_name: str,
    obj: Any,
    *,
    reason: str,
    details: str = "",
    ip: str | None = None,
) -> Report:
    """Report a piece of content; hide it pending review once the tenant's threshold of
    open reports is reached. Raise ValidationError with the reason when refused."""
    moderated_type = registry.get(type_name)
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in to report content."), code="sign_in")
    if is_blocked(user):
        raise ValidationError(_("Your account is blocked from taking part here."), code="blocked")
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")}, code="reason")
    try:
        details = clean_user_text(details or "", max_length=DETAILS_MAX_LENGTH, min_length=0)
    except ValidationError as error:
        raise ValidationError({"details": error.messages}) from error
    throttled = hit(
        f"moderation.report:{getattr(connection, 'schema_name', '')}",
        user_id=user.pk,
        ip=ip,
        per_user=REPORTS_PER_USER,
        per_ip=REPORTS_PER_IP,
    )
    if throttled:
        raise ValidationError(throttled.message, code="throttled")
    target = target_label(type_name, obj)
    with transaction.atomic():
        locked = _lock(moderated_type, obj)
        if locked.author_id is not None and locked.author_id == user.pk:
            raise ValidationError(_("You cannot report what you wrote yourself."), code="own")
        if locked.hidden:
            raise ValidationError(
                _("This is already hidden; the moderators have been told."), code="hidden"
            )
        if Report.objects.filter(
            target_type=type_name, target_id=locked.pk, reporter=user, resolved_at__isnull=True
        ).exists():
            raise ValidationError(
                _("You have already reported this. The moderators will look at it."),
                code="duplicate",
            )
        created = Report.objects.create(
            target_type=type_name,
            target_id=locked.pk,
            reporter=user,
            reason=reason,
            details=details,
        )
        locked.reports_count += 1
        fields = ["reports_count"]
        threshold = ModerationSettings.current().hide_after_reports
        hides = locked.reports_count >= threshold
        if hides:
            locked.hidden, locked.hidden_reason, locked.hidden_at = True, "", timezone.now()
            fields += ["hidden", "hidden_reason", "hidden_at"]
        locked.save(update_fields=fields)
        log_action(user, "moderation.reported", target=target, reason=reason, report=created.pk)
        if hides:
            # The system hid it, not the person whose report reached the threshold.
            log_action(
                None,
                "moderation.hidden",
                target=target,
                automatic=True,
                reports=locked.reports_count,
            )
            content_hidden(moderated_type, locked, reason="")
            moderated_type.changed(locked)
    _copy_state(locked, obj)
    return created


def hide(moderator: Any, type_name: str, obj: Any, *, reason: str) -> None:
    """Hide the content with a reason shown publicly in its place; resolve its reports."""
    require(moderator, "moderation.moderate")
    moderated_type = registry.get(type_name)
    try:
        reason = clean_user_text(reason, max_length=REASON_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    with transaction.atomic():
        locked = _lock(moderated_type, obj)
        locked.hidden, locked.hidden_reason = True, reason
        locked.hidden_at = locked.hidden_at or timezone.now()
        # reports_count mirrors the open reports, and they are all resolved now.
        locked.reports_count = 0
        locked.save(update_fields=["hidden", "hidden_reason", "hidden_at", "reports_count"])
        resolved = _resolve_open_reports(type_name, locked, Report.Resolution.HIDDEN, moderator)
        log_action(
            moderator,
            "moderation.hidden",
            target=target_label(type_name, obj),
            reason=reason,
            reports_resolved=resolved,
        )
        content_hidden(moderated_type, locked, reason=reason)
        moderated_type.changed(locked)
    _copy_state(locked, obj)


def unhide(moderator: Any, type_name: str, obj: Any) -> None:
    """Show the content again; its open reports are dismissed and the count starts over."""
    require(moderator, "moderation.moderate")
    moderated_type = registry.get(type_name)
    with transaction.atomic():
        locked = _lock(moderated_type, obj)
        locked.hidden, locked.hidden_reason, locked.hidden_at = False, "", None
        locked.reports_count = 0
        locked.save(update_fields=["hidden", "hidden_reason", "hidden_at", "reports_count"])
        dismissed = _resolve_open_reports(type_name, locked, Report.Resolution.DISMISSED, moderator)
        log_action(
            moderator,
            "moderation.unhidden",
            target=target_label(type_name, obj),
            reports_dismissed=dismissed,
        )
        moderated_type.changed(locked)
    _copy_state(locked, obj)


def dismiss_reports(moderator: Any, type_name: str, obj: Any) -> int:
    """Dismiss the open reports (the content is fine); return how many there were.

    Content the reports hid automatically is shown again, since those reports no longer
    stand; content a moderator hid with a reason stays hidden."""
    require(moderator, "moderation.moderate")
    moderated_type = registry.get(type_name)
    with transaction.atomic():
        locked = _lock(moderated_type, obj)
        fields = ["reports_count"]
        shown_again = locked.pending_review
        if shown_again:
            locked.hidden, locked.hidden_at = False, None
            fields += ["hidden", "hidden_at"]
        locked.reports_count = 0
        locked.save(update_fields=fields)
        dismissed = _resolve_open_reports(type_name, locked, Report.Resolution.DISMISSED, moderator)
        log_action(
            moderator,
            "moderation.reports_dismissed",
            target=target_label(type_name, obj),
            reports_dismissed=dismissed,
            shown_again=shown_again,
        )
        if shown_again:
            moderated_type.changed(locked)
    _copy_state(locked, obj)
    return dismissed


def block_user(moderator: Any, user: Any, *, reason: str) -> Block:
    """Block an account from taking part in this tenant (other tenants are untouched).

    Staff of the tenant cannot be blocked: an admin removes their role first."""
    require(moderator, "moderation.moderate")
    tenant = current_tenant()
    if tenant is None:
        raise PermissionDenied
    if user.roles_in(tenant):
        raise ValidationError(
            _("Staff of this administration cannot be blocked. Remove their role first."),
            code="staff",
        )
    try:
        reason = clean_user_text(reason, max_length=REASON_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    already = ValidationError(_("This account is already blocked."), code="duplicate")
    try:
        with transaction.atomic():
            if Block.objects.filter(user=user).exists():
                raise already
            block = Block.objects.create(user=user, reason=reason, blocked_by=moderator)
            # The target is the e-mail address, as for staff roles, so the privacy
            # eraser of the action log (actionlog/privacy.py) finds it.
            log_action(moderator, "moderation.user_blocked", target=user.email, reason=reason)
    except IntegrityError:  # blocked by someone else at the same moment
        raise already from None
    user.__dict__.pop("_torget_blocked", None)
    return block


def unblock_user(moderator: Any, user: Any) -> None:
    """Let a blocked account take part again."""
    require(moderator, "moderation.moderate")
    with transaction.atomic():
        deleted, _rows = Block.objects.filter(user=user).delete()
        if not deleted:
            raise ValidationError(_("This account is not blocked."), code="not_blocked")
        log_action(moderator, "moderation.user_unblocked", target=user.email)
    user.__dict__.pop("_torget_blocked", None)


def change_settings(by: Any, *, hide_after_reports: int) -> ModerationSettings:
    """Save the tenant's moderation settings."""
    require(by, "moderation.change_settings")
    if not 1 <= hide_after_reports <= 50:
        raise ValidationError({"hide_after_reports": _("Choose a number from 1 to 50.")})
    with transaction.atomic():
        current = ModerationSettings.objects.select_for_update().filter(pk=1).first()
        before = current.hide_after_reports if current else None
        saved, _created = ModerationSettings.objects.update_or_create(
            pk=1, defaults={"hide_after_reports": hide_after_reports}
        )
        log_action(
            by,
            "moderation.settings_changed",
            changes={"hide_after_reports": [before, hide_after_reports]},
        )
    return saved
