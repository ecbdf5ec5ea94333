"""What a new comment tells residents through the city-wide inbox."""

from __future__ import annotations

from typing import Any

from config.usertext import plain_excerpt
from shared_apps.notifications.actions import notify
from tenant_apps.comments.models import Comment


def comment_posted(comment: Comment, target: Any, author: Any) -> None:
    """Tell the parent's author of a reply, and everyone following the target (its
    author follows it) of a new comment; call inside the posting transaction."""
    title = str(target)
    excerpt = plain_excerpt(comment.body, 160)
    path = f"{target.get_absolute_url()}#comment-{comment.pk}"
    replied_to: list[int] = []
    parent_author = comment.parent.author_id if comment.parent_id else None  # type: ignore[union-attr]
    if parent_author is not None:
        replied_to = [parent_author]
        notify(
            "reply",
            title_sv=title,
            title_en=title,
            text_sv=excerpt,
            text_en=excerpt,
            path=path,
            recipients=replied_to,
            actor=author,
        )
    key = getattr(target, "follow_key", "")
    recipients = [target.author_id] if getattr(target, "author_id", None) else []
    notify(
        "comment",
        title_sv=title,
        title_en=title,
        text_sv=excerpt,
        text_en=excerpt,
        path=path,
        keys=[key] if key else [],
        recipients=recipients,
        actor=author,
        exclude=replied_to,
    )
