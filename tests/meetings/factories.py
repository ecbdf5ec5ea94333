"""Factories for meetings, called explicitly from test bodies inside a tenant schema."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tenant_apps.meetings.models import Meeting
from tenant_apps.spaces.models import Component, Process
from tests.spaces.factories import make_component, make_process

_numbers = itertools.count(1)
OPEN = {"registrations_enabled": True, "comments_enabled": True}


def make_meetings_component(
    process: Process | None = None, *, settings: dict[str, Any] | None = None, **phase: Any
) -> Component:
    """Create a published meetings component whose active phase has `phase` settings
    (registration and comments open unless told otherwise)."""
    process = process or make_process(f"moten-{next(_numbers)}")
    component = make_component(
        process, "meetings", name_sv="Möten", name_en="Meetings", settings=settings or {}
    )
    active = process.phases.get(is_active=True)
    component.phase_settings = {str(active.pk): {**OPEN, **phase}}
    component.save()
    return component


def make_meeting(component: Component, title: str = "Stormöte om parken", **fields: Any) -> Meeting:
    """Create a published meeting in person three days from now, two hours long."""
    starts = fields.pop("starts", timezone.now() + timedelta(days=3))
    fields.setdefault("ends", starts + timedelta(hours=2))
    fields.setdefault("title_en", f"{title} (en)")
    fields.setdefault("place", "Stadsbiblioteket")
    fields.setdefault("address", "Götaplatsen 3, Göteborg")
    fields.setdefault("published", True)
    meeting = Meeting.objects.create(component=component, title_sv=title, starts=starts, **fields)
    meeting.component = component
    return meeting
