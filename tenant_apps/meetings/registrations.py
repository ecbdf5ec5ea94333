"""Meetings as seen by the generic features: comments and the participation index."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.comments.registry import CommentableType
from tenant_apps.comments.registry import registry as commentables
from tenant_apps.meetings.models import Meeting
from tenant_apps.spaces.models import Component


def _commentable(component: Component, pk: int) -> Meeting | None:
    # Only published meetings: a resident's proposed meeting is not discussed before
    # staff publish it.
    meeting = Meeting.objects.filter(component=component, pk=pk, published=True).first()
    if meeting is not None:
        meeting.component = component
    return meeting


def register_all() -> None:
    from tenant_apps.meetings import participation

    participation.register_all()
    commentables.register(CommentableType(name="meeting", label=_("Meeting"), resolve=_commentable))
