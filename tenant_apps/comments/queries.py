"""Read comments: a whole thread in two queries, counts for list pages in one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest

from config.usertext import HELP_TEXT
from tenant_apps.comments.models import Alignment, Comment, CommentVote
from tenant_apps.comments.registry import action_for, gate, registry
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import ActionCheck

ORDERS = ("oldest", "newest", "best")


def comment_thread(
    component: Component,
    target_type: str,
    target_id: int,
    user: Any,
    *,
    order: str = "oldest",
) -> list[Comment]:
    """Return the top-level comments of a resource with their replies attached.

    Each comment gets `thread_replies` (oldest first, nested the same way) and `my_vote`
    (the user's 1, -1 or 0). Two queries whatever the size: the comments with their
    authors, then the user's votes among them. Deleted and hidden comments are included,
    because their replies hang on them; the template shows a placeholder for their text.
    `order` sorts the top level: "oldest" (default), "newest" or "best" (most net votes).
    """
    comments = list(
        Comment.objects.of_target(target_type, target_id)
        .filter(component=component)
        .select_related("author")
        .order_by("created", "pk")
    )
    votes: dict[int, int] = {}
    if comments and getattr(user, "is_authenticated", False):
        votes = dict(
            CommentVote.objects.filter(
                user=user, comment__in=[comment.pk for comment in comments]
            ).values_list("comment_id", "value")
        )
    by_id = {comment.pk: comment for comment in comments}
    top: list[Comment] = []
    for comment in comments:
        comment.thread_replies = []  # type: ignore[attr-defined]
        comment.my_vote = votes.get(comment.pk, 0)  # type: ignore[attr-defined]
    for comment in comments:
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            top.append(comment)
        else:
            parent.thread_replies.append(comment)  # type: ignore[attr-defined]
    if order == "newest":
        top.reverse()
    elif order == "best":
        top.sort(key=lambda comment: (comment.downvotes - comment.upvotes, comment.created))
    return top


def counts_for(target_type: str, ids: Iterable[int]) -> dict[int, int]:
    """Return {target_id: number of comments shown} for a list page, in one query.

    Deleted and hidden comments do not count; targets without comments are absent.
    """
    return {
        row["target_id"]: row["count"]
        for row in Comment.objects.countable()
        .filter(target_type=target_type, target_id__in=list(ids))
        .values("target_id")
        .annotate(count=Count("pk"))
        .order_by()
    }


@dataclass
class CommentSection:
    """What templates/comments/_section.html needs to show a resource's discussion."""

    component: Component
    target_type: str
    target: Any
    thread: list[Comment]
    count: int
    answer: ActionCheck
    order: str

    @property
    def target_id(self) -> int:
        return int(self.target.pk)

    @property
    def help_text(self) -> Any:
        return HELP_TEXT

    @property
    def alignments(self) -> list[tuple[int, Any]]:
        return list(Alignment.choices)

    @property
    def action(self) -> str:
        """The component action that gates these comments (for the take-part link)."""
        return action_for(self.target_type)

    @property
    def alignment_required(self) -> bool:
        """Whether a comment on the resource itself must state a position."""
        commentable = registry.get(self.target_type)
        return bool(commentable and commentable.alignment_required)


def comment_section(
    request: HttpRequest, component: Component, target_type: str, target: Any
) -> CommentSection:
    """Build the comment section of a resource's page (the host view calls this once)."""
    order = request.GET.get("comments", "oldest")
    if order not in ORDERS:
        order = "oldest"
    thread = comment_thread(component, target_type, target.pk, request.user, order=order)
    return CommentSection(
        component=component,
        target_type=target_type,
        target=target,
        thread=thread,
        count=_shown(thread),
        answer=gate(request.user, component, target_type, target),
        order=order,
    )


def _shown(comments: list[Comment]) -> int:
    """Count the comments in a thread that show their text (not deleted, not hidden)."""
    total = 0
    for comment in comments:
        if comment.deleted_at is None and not comment.hidden:
            total += 1
        total += _shown(comment.thread_replies)  # type: ignore[attr-defined]
    return total
