"""Comments on e-proposals: write, reply (one level), delete one's own, report, and hide
or restore as a city officer. Public e-proposals only; declined and pending ones take
no comments, decided ones still do (residents discuss the answer)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.usertext import clean_user_text
from shared_apps.eproposals.access import is_officer
from shared_apps.eproposals.errors import EProposalRefused
from shared_apps.eproposals.models import COMMENT_MAX_LENGTH, Comment, CommentReport, EProposal
from shared_apps.eproposals.notices import EVENT, tell


def add_comment(
    user: Any,
    eproposal: EProposal,
    *,
    body: str,
    alignment: int = 0,
    parent: Comment | None = None,
) -> Comment:
    """Add a comment or a reply; the proposer (and the replied-to author) are told."""
    if not getattr(user, "is_authenticated", False):
        raise EProposalRefused(_("Sign in to comment."))
    if not eproposal.is_public or eproposal.status == EProposal.Status.WITHDRAWN:
        raise EProposalRefused(_("This e-proposal takes no comments."))
    body = clean_user_text(body, max_length=COMMENT_MAX_LENGTH, field=_("comment"))
    if alignment not in Comment.Alignment.values:
        raise EProposalRefused(_("Choose a position."))
    if parent is not None:
        if parent.eproposal_id != eproposal.pk:
            raise EProposalRefused(_("That comment is not on this e-proposal."))
        # Replies stay one level deep: a reply to a reply joins the same thread.
        parent = parent.parent or parent
    with transaction.atomic():
        comment = Comment.objects.create(
            eproposal=eproposal, parent=parent, author=user, body=body, alignment=alignment
        )
        recipients = {eproposal.author_id} if eproposal.author_id else set()
        if parent is not None and parent.author_id:
            recipients.add(parent.author_id)
        tell(
            eproposal,
            EVENT.COMMENT,
            gettext_noop("New comment on the e-proposal “%(title)s”"),
            recipients=recipients,
            actor=user,
        )
    return comment


def delete_comment(user: Any, comment: Comment) -> None:
    """Let the author delete their comment; its replies stay in place."""
    if comment.author_id != getattr(user, "pk", None):
        raise EProposalRefused(_("You can delete only your own comments."))
    Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())


def report_comment(user: Any, comment: Comment, *, reason: str) -> CommentReport:
    """Report a comment to the city officers (once per person)."""
    reason = reason.strip()
    if not reason:
        raise EProposalRefused(_("Say what is wrong with the comment."))
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, user=user, reason=reason[:500])
    except IntegrityError:
        raise EProposalRefused(_("You have already reported this comment.")) from None


def hide_comment(officer: Any, comment: Comment, *, reason: str) -> None:
    """Hide a comment that breaks the rules, with the reason shown in its place."""
    if not is_officer(officer):
        raise EProposalRefused(_("Only the city's e-proposal officers can do this."))
    if not reason.strip():
        raise EProposalRefused(_("Say which rule the comment breaks."))
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            hidden=True, hidden_reason=reason.strip()[:300]
        )
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


def restore_comment(officer: Any, comment: Comment) -> None:
    """Show a hidden comment again, or dismiss its reports."""
    if not is_officer(officer):
        raise EProposalRefused(_("Only the city's e-proposal officers can do this."))
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(hidden=False, hidden_reason="")
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
