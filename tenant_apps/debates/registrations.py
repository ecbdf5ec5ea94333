"""Debates as seen by the generic features: comments (the arguments) and follows."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenant_apps.comments.registry import CommentableType
from tenant_apps.comments.registry import registry as commentables
from tenant_apps.debates.models import Debate
from tenant_apps.spaces.models import Component


def _commentable(component: Component, pk: int) -> Debate | None:
    # Unpublished debates take no arguments and their comment URLs answer 404.
    debate = Debate.objects.filter(component=component, pk=pk, published=True).first()
    if debate is not None:
        debate.component = component
    return debate


def _when(moment: Any) -> str:
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


def closed_reason(debate: Any) -> str | None:
    """Return why the debate takes no arguments now (its dates, or closed by staff)."""
    state = debate.state
    if state == Debate.State.CONCLUDED:
        return _(
            "This debate is closed and the conclusion is shown above. "
            "No more arguments can be added."
        )
    if state == Debate.State.UPCOMING:
        return _("This debate opens on %(when)s. You can add arguments from then.") % {
            "when": _when(debate.opens_at)
        }
    if state == Debate.State.ENDED:
        return _("This debate closed on %(when)s. No more arguments can be added.") % {
            "when": _when(debate.closes_at)
        }
    return None


def register_all() -> None:
    from shared_apps.notifications import followables
    from tenant_apps.debates.events import resolve_followable

    followables.register("debate", resolve_followable)
    commentables.register(
        CommentableType(
            name="debate",
            label=gettext_lazy("Debate"),
            resolve=_commentable,
            action="argue",
            alignment_required=True,
            closed=closed_reason,
        )
    )
