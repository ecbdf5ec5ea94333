"""What debates tell residents through the city-wide inbox (shared_apps.notifications).

Called inside the changing action's transaction; `notify` writes the inbox rows in the
same transaction and sends e-mail after commit.
"""

from __future__ import annotations

from typing import Any

from config.usertext import plain_excerpt
from shared_apps.notifications.actions import notify
from shared_apps.notifications.followables import Followable
from tenant_apps.comments.models import Comment
from tenant_apps.debates.models import Debate
from tenant_apps.spaces.permissions import has_perm

CONCLUDED_EVENT = "debate_concluded"


def debate_concluded(debate: Debate, by: Any) -> int:
    """Tell the debate's followers and everyone who argued in it about the conclusion;
    return how many inbox entries were made. Quiet for an unpublished debate."""
    if not debate.published:
        return 0
    arguers = (
        Comment.objects.countable()
        .of_target("debate", debate.pk)
        .filter(author__isnull=False)
        .order_by()
        .values_list("author_id", flat=True)
        .distinct()
    )
    return notify(
        CONCLUDED_EVENT,
        keys=[debate.follow_key],
        recipients=[pk for pk in arguers if pk is not None],
        actor=by,
        title_sv=debate.title_sv,
        title_en=debate.title_en or debate.title_sv,
        text_sv=plain_excerpt(debate.conclusion_sv, 160),
        text_en=plain_excerpt(debate.conclusion_en or debate.conclusion_sv, 160),
        path=debate.get_absolute_url(),
    )


def resolve_followable(user: Any, pk: int) -> Followable | None:
    """Return a published debate whose component the user may see, else None."""
    debate = Debate.objects.filter(pk=pk, published=True).select_related("component").first()
    if debate is None or not has_perm(user, "spaces.view_component", debate.component):
        return None
    return Followable(debate.title_sv, debate.title_en, debate.get_absolute_url())
