"""Comments in residents' participation index (shared_apps.participation).

A comment counts while it shows (not deleted, not hidden, on a resource residents can
see). Its row is titled with what it is about and links to the comment on that page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shared_apps.participation import actions
from shared_apps.participation.kinds import Kind, Row, registry
from tenant_apps.comments.models import Comment
from tenant_apps.comments.registry import resolve_target


def _key(comment: Comment) -> str:
    return f"comment:{comment.pk}"


def _titles(target: Any) -> tuple[str, str]:
    """Return the target's Swedish and English titles where it has both (a debate, a
    project), else its one title twice (a proposal)."""
    title_sv = getattr(target, "title_sv", None) or str(target)
    return title_sv, getattr(target, "title_en", None) or title_sv


def comment_posted(comment: Comment, target: Any) -> None:
    """Note the author's comment; call inside the posting transaction."""
    title_sv, title_en = _titles(target)
    actions.record(
        comment.author_id,
        "comment",
        _key(comment),
        title_sv=title_sv,
        title_en=title_en,
        path=f"{target.get_absolute_url()}#{comment.anchor}",
        when=comment.created,
    )


def sync_comment(comment: Comment) -> None:
    """Make the index match the comment: gone when deleted or hidden, back when shown."""
    if comment.deleted_at is not None or comment.hidden or comment.author_id is None:
        actions.forget_thing(_key(comment))
        return
    target = resolve_target(comment.component, comment.target_type, comment.target_id)
    if target is None:
        actions.forget_thing(_key(comment))
        return
    comment_posted(comment, target)


def _rows() -> Iterator[Row]:
    comments = (
        Comment.objects.countable()
        .filter(author__isnull=False)
        .select_related("component__process", "component__assembly")
        .order_by("target_type", "target_id", "pk")
    )
    # Comments come grouped by target, so each target is resolved once.
    last: tuple[str, int] | None = None
    target: Any = None
    for comment in comments.iterator(chunk_size=2000):
        pair = (comment.target_type, comment.target_id)
        if pair != last:
            last = pair
            target = resolve_target(comment.component, *pair)
        if target is None or comment.author_id is None:
            continue
        title_sv, title_en = _titles(target)
        yield Row(
            user_id=comment.author_id,
            key=_key(comment),
            title_sv=title_sv,
            title_en=title_en,
            path=f"{target.get_absolute_url()}#{comment.anchor}",
            created=comment.created,
        )


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(Kind("comment", _("Your comments"), position=40, rows=_rows))
