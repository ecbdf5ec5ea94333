"""Debates for residents: the list (open, upcoming, closed) and a debate with its
conclusion, background and arguments. Arguments are posted through the comment URLs
(tenant_apps.comments), so every form works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.notifications.actions import is_following
from tenant_apps.comments.models import Alignment
from tenant_apps.comments.queries import comment_section
from tenant_apps.debates import queries
from tenant_apps.debates.access import get_debate_for_user
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.models import Component


def _component(request: HttpRequest, kind: str, slug: str, component_id: int) -> Component:
    return get_component_for_user(request, kind, slug, component_id, "debates")


def debate_list(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    settings = component.current_settings()
    debates = list(component.debates.published().order_by("position", "pk"))
    counts = queries.tallies(debate.pk for debate in debates)
    for debate in debates:
        debate.component = component  # for get_absolute_url without a query per row
        setattr(debate, "tally", counts[debate.pk])  # noqa: B010
    return render(
        request,
        "debates/debate_list.html",
        {
            "space": component.space,
            "component": component,
            "announcement": announcement(settings),
            "groups": queries.grouped(debates),
            "any": bool(debates),
        },
    )


def debate_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    debate = get_debate_for_user(request.user, component, debate_id)
    settings = component.current_settings()
    position = request.GET.get("position", "")
    if position not in queries.POSITIONS:
        position = ""
    section = comment_section(request, component, "debate", debate) if debate.published else None
    tally = queries.Tally()
    if section is not None:
        # Counted from the thread already read: no query of its own.
        for comment in section.thread:
            if comment.deleted_at is None and not comment.hidden:
                tally.add(comment.alignment, 1)
        if position:
            wanted = queries.POSITIONS[position]
            section.thread = [c for c in section.thread if c.alignment == wanted]
    return render(
        request,
        "debates/debate_detail.html",
        {
            "space": component.space,
            "component": component,
            "debate": debate,
            "announcement": announcement(settings),
            "tally": tally,
            "position": position,
            "positions": [
                ("for", Alignment.IN_FAVOUR.label, tally.in_favour),
                ("against", Alignment.AGAINST.label, tally.against),
                ("neutral", Alignment.NEUTRAL.label, tally.neutral),
            ],
            "following": is_following(request.user, debate.follow_key),
            "comments": section,
        },
    )
