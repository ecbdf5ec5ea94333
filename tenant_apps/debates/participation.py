"""Arguments in residents' participation index (shared_apps.participation).

Arguments are comments, and comments already write a row of kind "comment" per comment
(tenant_apps/comments/participation.py, titled with the debate's question), so debates
add no kind of their own. What debates add is keeping those rows equal to what residents
can see when a whole debate is unpublished, published again or removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from shared_apps.participation import actions
from shared_apps.participation.kinds import Row
from shared_apps.participation.models import Participation
from tenant_apps.comments.models import Comment
from tenant_apps.debates.models import Debate
from tenants.models import current_tenant


def _arguments(debate: Debate) -> Iterator[Row]:
    comments = (
        Comment.objects.countable().of_target("debate", debate.pk).filter(author__isnull=False)
    )
    path = debate.get_absolute_url()
    for comment in comments:
        assert comment.author_id is not None
        yield Row(
            user_id=comment.author_id,
            key=f"comment:{comment.pk}",
            title_sv=debate.title_sv,
            title_en=debate.title_en or debate.title_sv,
            path=f"{path}#{comment.anchor}",
            created=comment.created,
        )


def sync_debate(debate: Debate, *, removed: bool = False) -> None:
    """Make the arguers' rows match the debate: gone while it is unpublished or when it is
    removed (`removed`), back when it is published again. One DELETE, and when it shows,
    one SELECT and one bulk upsert."""
    ids = Comment.objects.of_target("debate", debate.pk).values_list("pk", flat=True)
    Participation.objects.filter(
        tenant=current_tenant(), key__in=[f"comment:{pk}" for pk in ids]
    ).delete()
    if debate.published and not removed:
        actions.record_rows("comment", _arguments(debate))
