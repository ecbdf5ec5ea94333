"""Reading meetings for pages: each function costs a fixed number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from tenant_apps.meetings.models import Meeting, Registration
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.models import Component

FEED_DAYS_BACK = 30
FEED_LIMIT = 500


def listed(component: Component, *, when: str, kind: str = "") -> QuerySet[Meeting]:
    """Published meetings of the component, upcoming (soonest first) or past (latest
    first), with their registration counts in the same query."""
    meetings = Meeting.objects.published().filter(component=component).with_counts()
    if kind:
        meetings = meetings.filter(kind=kind)
    if when == "past":
        return meetings.past().order_by("-starts", "-pk")
    return meetings.upcoming().order_by("starts", "pk")


def statuses_for(user: Any, meeting_ids: list[int]) -> dict[int, str]:
    """Return the visitor's registration status per meeting (one query, none for visitors)."""
    if not getattr(user, "is_authenticated", False) or not meeting_ids:
        return {}
    rows = (
        Registration.objects.filter(meeting_id__in=meeting_ids, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("meeting_id", "status")
    )
    return dict(rows)


def counts(meeting: Meeting) -> dict[str, int]:
    """Return how many have a place (registered or attended) and how many wait."""
    taken = (Registration.Status.REGISTERED, Registration.Status.ATTENDED)
    return Registration.objects.filter(meeting=meeting).aggregate(
        registered=Count("pk", filter=Q(status__in=taken)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
    )


def visible_proposals(meeting: Meeting) -> QuerySet[Proposal]:
    """Linked proposals residents may see now (listed, in published components)."""
    return (
        meeting.linked_proposals.listed()
        .filter(component__published=True)
        .exclude(component__process__published=False)
        .exclude(component__assembly__published=False)
        .select_related("component__process", "component__assembly")
        .order_by("title", "pk")
    )


def feed(now: datetime) -> QuerySet[Meeting]:
    """Published meetings in published components and spaces, ending at most a month
    ago, soonest first (the tenant's calendar feed)."""
    return (
        Meeting.objects.published()
        .filter(component__published=True, ends__gte=now - timedelta(days=FEED_DAYS_BACK))
        .filter(Q(component__process__published=True) | Q(component__assembly__published=True))
        .select_related("component__process", "component__assembly")
        .order_by("starts", "pk")[:FEED_LIMIT]
    )
