"""Post, edit, delete and vote on comments: one function per change, each one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config import throttle
from config.usertext import clean_user_text
from tenant_apps.actionlog.actions import log_action
from tenant_apps.comments import events
from tenant_apps.comments import participation as participation_index
from tenant_apps.comments.models import BODY_MAX_LENGTH, MAX_DEPTH, Alignment, Comment, CommentVote
from tenant_apps.comments.registry import gate, registry, resolve_target
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm

# (attempts, seconds) per account. A person writing a real reply needs well under a
# minute per comment; a script or a heated back-and-forth hits the first limit, a whole
# evening of flooding the second.
PER_MINUTE = (5, 60)
PER_HOUR = (60, 3600)


class CommentRefused(Exception):
    """The action is not possible; `message` (translated) says why, for the resident."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


def _throttle(user: Any) -> None:
    for scope, limit in (("comment", PER_MINUTE), ("comment-hour", PER_HOUR)):
        # Only the account is counted: commenting needs a sign-in, and a shared address
        # (a library, a school) must not silence everyone behind it.
        over = throttle.hit(scope, user_id=user.pk, ip=None, per_user=limit, per_ip=limit)
        if over is not None:
            raise CommentRefused(
                gettext(
                    "You are commenting too often. Wait %(seconds)d seconds and try again; "
                    "your text is kept below."
                )
                % {"seconds": over.retry_after}
            )


def _require_gate(user: Any, component: Component, target_type: str, target: Any = None) -> None:
    answer = gate(user, component, target_type, target)
    if not answer:
        raise CommentRefused(answer.reason)


def _target_of(comment: Comment) -> Any:
    return resolve_target(comment.component, comment.target_type, comment.target_id)


def _clean_body(body: object) -> str:
    try:
        return clean_user_text(body, max_length=BODY_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None


def post_comment(
    user: Any,
    component: Component,
    target_type: str,
    target_id: int,
    *,
    body: str,
    alignment: int | None = Alignment.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    """Add a comment on a resource, or a reply to `parent` (on the same resource).

    A reply to a comment at MAX_DEPTH is attached to that comment's parent, so the answer
    lands next to it at the deepest level instead of being refused: the resident keeps a
    way to answer, and the thread never grows deeper than three levels. `alignment` None
    means the resident chose no position: neutral, unless the type requires one on the
    resource itself (CommentableType.alignment_required). Raises CommentRefused (the phase,
    sign-in, the type's `closed` hook, throttle) or ValidationError (the text, the
    position).
    """
    target = resolve_target(component, target_type, target_id)
    if target is None:
        raise CommentRefused(_("There is nothing to comment on here."))
    _require_gate(user, component, target_type, target)
    if parent is not None:
        if (
            parent.component_id != component.pk
            or parent.target_type != target_type
            or parent.target_id != target_id
        ):
            raise CommentRefused(_("You can only reply to a comment on the same page."))
        if parent.depth >= MAX_DEPTH and parent.parent_id is not None:
            parent = parent.parent
    if alignment is None:
        commentable = registry.get(target_type)
        if parent is None and commentable is not None and commentable.alignment_required:
            raise ValidationError(
                {"alignment": [_("Choose your position: against, neutral or in favour.")]}
            )
        alignment = Alignment.NEUTRAL
    if alignment not in Alignment.values:
        raise ValidationError({"alignment": [_("Choose against, neutral or in favour.")]})
    text = _clean_body(body)
    _throttle(user)
    with transaction.atomic():
        comment = Comment.objects.create(
            component=component,
            target_type=target_type,
            target_id=target_id,
            parent=parent,
            depth=0 if parent is None else parent.depth + 1,
            author=user,
            body=text,
            alignment=alignment,
        )
        log_action(
            user,
            "comments.comment_posted",
            target=f"{target_type}:{target_id}",
            comment=comment.pk,
            parent=parent.pk if parent else None,
        )
        events.comment_posted(comment, target, user)
        participation_index.comment_posted(comment, target)
    return comment


def _lock_own(user: Any, comment: Comment) -> Comment:
    """Return the comment locked for update, if the user wrote it and it still shows."""
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.author_id is None or locked.author_id != getattr(user, "pk", None):
        raise CommentRefused(_("Only the author can change this comment."))
    if locked.deleted_at is not None:
        raise CommentRefused(_("This comment is deleted."))
    return locked


def edit_comment(user: Any, comment: Comment, *, body: str) -> Comment:
    """Change the text of one's own comment while the phase allows commenting; mark it
    as edited. A hidden comment cannot be edited (moderators decide on what they saw)."""
    _require_gate(user, comment.component, comment.target_type, _target_of(comment))
    text = _clean_body(body)
    with transaction.atomic():
        locked = _lock_own(user, comment)
        if locked.hidden:
            raise CommentRefused(_("A hidden comment cannot be edited."))
        if locked.body == text:
            return locked
        locked.body = text
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "edited_at", "modified"])
        log_action(
            user,
            "comments.comment_edited",
            target=f"{locked.target_type}:{locked.target_id}",
            comment=locked.pk,
        )
    return locked


def delete_comment(user: Any, comment: Comment) -> Comment:
    """Soft-delete one's own comment: the text goes, the replies stay in the thread.

    Allowed in any phase (withdrawing what one wrote is not taking part), only where the
    resident can still see the component.
    """
    if not has_perm(user, "spaces.view_component", comment.component):
        raise CommentRefused(_("This is not published."))
    with transaction.atomic():
        locked = _lock_own(user, comment)
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["deleted_at", "modified"])
        log_action(
            user,
            "comments.comment_deleted",
            target=f"{locked.target_type}:{locked.target_id}",
            comment=locked.pk,
        )
        participation_index.sync_comment(locked)
    return locked


def vote_comment(user: Any, comment: Comment, value: int) -> int:
    """Vote a comment up (1) or down (-1); the same vote again takes it back, the other
    one changes it. Return the user's vote afterwards (1, -1 or 0)."""
    if value not in (1, -1):
        raise CommentRefused(_("Vote up or down."))
    _require_gate(user, comment.component, comment.target_type, _target_of(comment))
    with transaction.atomic():
        # The comment's row lock serialises every vote on it, so the counts and the
        # CommentVote rows change together and two clicks of one person cannot both
        # insert (the unique constraint would refuse the second with an error).
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.author_id is not None and locked.author_id == user.pk:
            raise CommentRefused(_("You cannot vote on your own comment."))
        if locked.deleted_at is not None or locked.hidden:
            raise CommentRefused(_("This comment cannot be voted on."))
        existing = CommentVote.objects.filter(comment=locked, user=user).first()
        counts: dict[str, Any] = {}
        if existing is None:
            CommentVote.objects.create(comment=locked, user=user, value=value)
            counts[_count_field(value)] = F(_count_field(value)) + 1
            result = value
        elif existing.value == value:
            existing.delete()
            counts[_count_field(value)] = F(_count_field(value)) - 1
            result = 0
        else:
            existing.value = value
            existing.save(update_fields=["value"])
            counts[_count_field(value)] = F(_count_field(value)) + 1
            counts[_count_field(-value)] = F(_count_field(-value)) - 1
            result = value
        Comment.objects.filter(pk=locked.pk).update(**counts)
    return result


def _count_field(value: int) -> str:
    return "upvotes" if value > 0 else "downvotes"
