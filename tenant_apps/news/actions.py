"""Write, change and delete news posts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from config.richtext import clean_rich_text
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.news.models import Post
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import require

POST_FIELDS = ["title_sv", "title_en", "body_sv", "body_en", "published_at"]


def save_post(
    component: Component, *, by: Any, data: dict[str, Any], post: Post | None = None
) -> Post:
    """Create or change a post; the texts are checked for unsafe HTML first."""
    space = component.space
    require(by, space.change_rule, space)
    errors = {}
    data = dict(data)
    for name in ("body_sv", "body_en"):
        try:
            data[name] = clean_rich_text(data.get(name, ""))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        post = post or Post(component=component, author=by)
        before = snapshot(post, POST_FIELDS) if post.pk else {}
        for name, value in data.items():
            setattr(post, name, value)
        post.full_clean()
        post.save()
        log_action(
            by,
            "news.post_saved",
            target=space.slug,
            post=post.pk,
            changes=changes(before, snapshot(post, POST_FIELDS)),
        )
    return post


def delete_post(post: Post, *, by: Any) -> None:
    space = post.component.space
    require(by, space.change_rule, space)
    with transaction.atomic():
        log_action(by, "news.post_deleted", target=space.slug, title=post.title_sv)
        post.delete()
