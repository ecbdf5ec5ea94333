"""Comments: residents discuss any resource whose component type opts in (registry.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.usertext import plain_excerpt
from tenant_apps.moderation.models import Moderated

# Three levels: a comment (0), a reply (1), a reply to a reply (2). Deeper threads are
# hard to read on a phone and impossible to follow with a screen reader's list navigation.
MAX_DEPTH = 2
BODY_MAX_LENGTH = 2000


class Alignment(models.IntegerChoices):
    AGAINST = -1, _("Against")
    NEUTRAL = 0, _("Neutral")
    IN_FAVOUR = 1, _("In favour")


class CommentQuerySet(models.QuerySet["Comment"]):
    def of_target(self, target_type: str, target_id: int) -> CommentQuerySet:
        """Comments on one resource, deleted and hidden ones included (they keep threads)."""
        return self.filter(target_type=target_type, target_id=target_id)

    def countable(self) -> CommentQuerySet:
        """Comments that count in "N comments": neither deleted nor hidden."""
        return self.filter(deleted_at__isnull=True, hidden=False)


class Comment(Moderated):
    # The component that gates commenting (its phase setting) and scopes moderation.
    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="comments"
    )
    # The registered CommentableType name and the target's id inside the component. Not a
    # generic foreign key: the registry resolves the pair, and the pair is indexed.
    target_type = models.CharField(max_length=40)
    target_id = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # 0 for a comment on the resource, parent.depth + 1 for a reply; never above MAX_DEPTH.
    depth = models.PositiveSmallIntegerField(default=0)
    # Nullable so a deleted account leaves its comments ("Deleted participant").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Resident text (config.usertext): a Markdown subset, cleaned before it is saved.
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    alignment = models.SmallIntegerField(
        _("position"), choices=Alignment.choices, default=Alignment.NEUTRAL
    )
    # Mirror the CommentVote rows (value +1 and -1) so a thread shows counts without
    # counting votes per comment; vote_comment() changes both in one transaction.
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Soft delete: the text gives way to "Comment deleted", the replies stay in place.
    deleted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            # The thread of one resource, oldest first.
            models.Index(fields=["target_type", "target_id", "created"]),
            # counts_for(): only the comments that count, grouped by target.
            models.Index(
                fields=["target_type", "target_id"],
                condition=models.Q(deleted_at__isnull=True, hidden=False),
                name="comments_countable_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__lte=MAX_DEPTH), name="comments_depth_max"
            ),
        ]

    def __str__(self) -> str:
        return self.excerpt

    @property
    def excerpt(self) -> str:
        return plain_excerpt(self.body, 80)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


class CommentVote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    # Nullable: deleting an account keeps its votes anonymously, so the counts on the
    # comment keep matching the vote rows (a deleted row would leave them stale).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "-1")])
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comments_one_vote_per_user"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="comments_vote_pm1"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on comment {self.comment_id}"
