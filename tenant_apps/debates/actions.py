"""Staff changes to debates: create, change, publish, order, remove, close with a
conclusion and reopen. Each is one transaction with its action-log entry, its search
document and, where residents' rows depend on it, their participation rows.

Arguments themselves are comments (tenant_apps.comments.actions.post_comment); the
debate's dates and state refuse them through the commentable type's `closed` hook
(registrations.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.usertext import clean_user_text
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.comments.models import Comment
from tenant_apps.debates import events
from tenant_apps.debates import participation as participation_index
from tenant_apps.debates.models import Debate
from tenant_apps.debates.search import reindex_debate
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.ordering import move
from tenant_apps.spaces.permissions import require

MANAGE = "debates.manage_debates"
FIELDS = ["title_sv", "title_en", "background_sv", "background_en", "opens_at", "closes_at"]
BACKGROUND_MAX = 10000
CONCLUSION_MAX = 5000


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Return the debate's fields cleaned, or one ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, limit, minimum in (
        ("title_sv", 200, 1),
        ("title_en", 200, 0),
        ("background_sv", BACKGROUND_MAX, 0),
        ("background_en", BACKGROUND_MAX, 0),
    ):
        try:
            cleaned[name] = clean_user_text(
                data.get(name) or "", max_length=limit, min_length=minimum
            )
        except ValidationError as error:
            errors[name] = error.messages
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens is not None and closes is not None and opens >= closes:
        errors["closes_at"] = [_("The debate must close after it opens.")]
    cleaned["opens_at"], cleaned["closes_at"] = opens, closes
    if errors:
        raise ValidationError(errors)
    return cleaned


def lock_debate(debate: Debate) -> Debate:
    """Re-read the debate under a row lock (inside transaction.atomic())."""
    locked = Debate.objects.select_for_update().get(pk=debate.pk)
    locked.component = debate.component
    return locked


def argument_count(debate: Debate) -> int:
    """Return how many comments the debate has, deleted and hidden ones included."""
    return Comment.objects.of_target("debate", debate.pk).count()


def save_debate(
    by: Any, component: Component, debate: Debate | None, data: dict[str, Any]
) -> Debate:
    """Create a debate (unpublished, last in the list) or change one."""
    require(by, MANAGE, component)
    cleaned = _clean(data)
    with transaction.atomic():
        if debate is None:
            debate = Debate(component=component, position=component.debates.count())
            before: dict[str, Any] = {}
        else:
            debate = lock_debate(debate)
            before = snapshot(debate, FIELDS)
        for name, value in cleaned.items():
            setattr(debate, name, value)
        created = debate.pk is None
        debate.save()
        after = snapshot(debate, FIELDS)
        log_action(
            by,
            "debates.created" if created else "debates.changed",
            target=component.space.slug,
            debate=debate.pk,
            **({"after": after} if created else {"changes": changes(before, after)}),
        )
        reindex_debate(debate)
        if not created and (before["title_sv"], before["title_en"]) != (
            debate.title_sv,
            debate.title_en,
        ):
            # The arguers' rows carry the question as their title.
            participation_index.sync_debate(debate)
    return debate


def set_published(by: Any, debate: Debate, published: bool) -> Debate:
    """Publish or unpublish a debate; its search document and the arguers' participation
    rows follow."""
    require(by, MANAGE, debate.component)
    with transaction.atomic():
        debate = lock_debate(debate)
        if debate.published == published:
            return debate
        debate.published = published
        debate.save(update_fields=["published", "modified"])
        log_action(
            by,
            "debates.published" if published else "debates.unpublished",
            target=debate.component.space.slug,
            debate=debate.pk,
        )
        reindex_debate(debate)
        participation_index.sync_debate(debate)
    return debate


def move_debate(by: Any, debate: Debate, step: int) -> None:
    """Move a debate one place up (-1) or down (+1) in the order residents see."""
    require(by, MANAGE, debate.component)
    with transaction.atomic():
        siblings = Debate.objects.select_for_update().filter(component_id=debate.component_id)
        target = move(siblings.order_by("position", "pk"), debate.pk, step)
        if target is not None:
            log_action(
                by,
                "debates.moved",
                target=debate.component.space.slug,
                debate=debate.pk,
                position=target,
            )


def delete_debate(by: Any, debate: Debate) -> None:
    """Remove a debate, only while it has no arguments (not even deleted or hidden ones:
    they are residents' words and the moderators' record)."""
    require(by, MANAGE, debate.component)
    with transaction.atomic():
        debate = lock_debate(debate)
        if argument_count(debate):
            raise ValidationError(
                _(
                    "Residents have argued in this debate, so it cannot be removed. "
                    "Unpublish it or close it instead."
                ),
                code="has_arguments",
            )
        log_action(
            by,
            "debates.deleted",
            target=debate.component.space.slug,
            debate=debate.pk,
            before=snapshot(debate, FIELDS),
        )
        pk = debate.pk
        debate.delete()
        debate.pk = pk
        debate.published = False
        reindex_debate(debate)


def close_debate(by: Any, debate: Debate, *, conclusion_sv: str, conclusion_en: str = "") -> Debate:
    """Close the debate with the administration's conclusion (Swedish required), shown
    on top of the debate; arguments stop. Followers and arguers hear about it."""
    require(by, MANAGE, debate.component)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name, value, minimum in (
        ("conclusion_sv", conclusion_sv, 1),
        ("conclusion_en", conclusion_en, 0),
    ):
        try:
            cleaned[name] = clean_user_text(
                value or "", max_length=CONCLUSION_MAX, min_length=minimum
            )
        except ValidationError as error:
            errors[name] = error.messages
    if "conclusion_sv" in errors and not (conclusion_sv or "").strip():
        errors["conclusion_sv"] = [
            _("Write the conclusion in Swedish: residents see it on top of the debate.")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        debate = lock_debate(debate)
        if debate.closed_at is not None:
            raise ValidationError(_("This debate is already closed."), code="closed")
        debate.conclusion_sv = cleaned["conclusion_sv"]
        debate.conclusion_en = cleaned["conclusion_en"]
        debate.closed_at = timezone.now()
        debate.closed_by = by
        debate.save(
            update_fields=["conclusion_sv", "conclusion_en", "closed_at", "closed_by", "modified"]
        )
        log_action(
            by,
            "debates.closed",
            target=debate.component.space.slug,
            debate=debate.pk,
            conclusion_sv=debate.conclusion_sv,
            conclusion_en=debate.conclusion_en,
        )
        reindex_debate(debate)
        events.debate_concluded(debate, by)
    return debate


def reopen_debate(by: Any, debate: Debate) -> Debate:
    """Take back the close: the conclusion stops showing (its text stays for the next
    close, and in the log) and arguments are possible again within the debate's dates."""
    require(by, MANAGE, debate.component)
    with transaction.atomic():
        debate = lock_debate(debate)
        if debate.closed_at is None:
            raise ValidationError(_("This debate is not closed."), code="not_closed")
        log_action(
            by,
            "debates.reopened",
            target=debate.component.space.slug,
            debate=debate.pk,
            closed_at=debate.closed_at.isoformat(),
            conclusion_sv=debate.conclusion_sv,
        )
        debate.closed_at = None
        debate.closed_by = None
        debate.save(update_fields=["closed_at", "closed_by", "modified"])
        reindex_debate(debate)
    return debate
