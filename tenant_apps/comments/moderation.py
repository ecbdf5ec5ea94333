"""Register comments as reportable content (tenant_apps.moderation.registry)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.comments.models import Comment
from tenant_apps.comments.participation import sync_comment
from tenant_apps.comments.registry import target_url
from tenant_apps.moderation.registry import ModeratedType, registry


def _url(comment: Comment) -> str:
    return f"{target_url(comment)}#{comment.anchor}"


registry.register(
    ModeratedType(
        name="comment",
        model=Comment,
        label=_("Comment"),
        title=lambda comment: comment.excerpt,
        url=_url,
        visibility_changed=sync_comment,
    )
)
