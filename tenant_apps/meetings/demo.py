"""Demo meetings for `seed_demo` (the lead wires it in): in every demo tenant, in its
first published process, a meetings component with an upcoming meeting in person with
registrations and a waiting list, an online meeting, and a past meeting with minutes, an
attendance count and a closing report. Made through the action functions, so the
catalog, search and participation rows are written as in real use.

Call inside the tenant's schema: `seed_tenant_meetings(admin, account)`, where `account`
is seed_demo's `_account(email, name)` (as for proposals)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.meetings.actions import save_agenda, save_meeting, save_report
from tenant_apps.meetings.registering import RegistrationRefused, register
from tenant_apps.proposals.demo import RESIDENTS
from tenant_apps.spaces.models import Component, Process


def _at(days: int, hour: int) -> datetime:
    """Return a local date `days` from today at `hour`:00 (aware)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _component(process: Process) -> Component:
    component = process.components.filter(type="meetings").first()
    if component is None:
        component = Component.objects.create(
            process=process,
            type="meetings",
            name_sv="Möten",
            name_en="Meetings",
            published=True,
            position=process.components.count(),
        )
    return component


def seed_tenant_meetings(admin: Any, account: Callable[..., Any]) -> int:
    """Add the demo meetings if this tenant has none yet; return how many were made."""
    process = Process.objects.filter(published=True).order_by("starts", "pk").first()
    if process is None:
        return 0
    component = _component(process)
    if component.meetings.exists():
        return 0
    residents = [account(email, name) for email, name in RESIDENTS]
    with transaction.atomic():
        upcoming = save_meeting(
            admin,
            component,
            {
                "title_sv": "Stormöte om parken",
                "title_en": "Town meeting on the park",
                "description_sv": "Vi visar förslagen och hör vad du tycker. Fika finns.",
                "description_en": "We show the proposals and hear what you think. Coffee.",
                "kind": "in_person",
                "place": "Stadsbiblioteket, hörsalen",
                "address": "Götaplatsen 3, 412 56 Göteborg",
                "latitude": "57.696900",
                "longitude": "11.979300",
                "accessibility_sv": "Ingång utan trappsteg, hiss och hörslinga.",
                "accessibility_en": "Step-free entrance, lift and hearing loop.",
                "starts": _at(6, 18),
                "ends": _at(6, 20),
                "organiser": "tenant",
                "takes_registrations": True,
                "capacity": max(len(residents) - 1, 1),
                "published": True,
            },
        )
        save_agenda(
            admin,
            upcoming,
            [
                {"title_sv": "Välkommen", "title_en": "Welcome", "time": time(18, 0)},
                {"title_sv": "Förslagen", "title_en": "The proposals", "time": time(18, 15)},
                {"title_sv": "Frågor och samtal", "title_en": "Questions", "time": time(19, 0)},
            ],
        )
        online = save_meeting(
            admin,
            component,
            {
                "title_sv": "Digitalt frågepass",
                "title_en": "Online questions",
                "description_sv": "Ställ frågor till handläggarna.",
                "kind": "online",
                "online_url": "https://meet.example.org/torget-demo",
                "starts": _at(3, 12),
                "ends": _at(3, 13),
                "organiser": "tenant",
                "takes_registrations": True,
                "published": True,
            },
        )
        past = save_meeting(
            admin,
            component,
            {
                "title_sv": "Uppstartsmöte",
                "title_en": "Kick-off meeting",
                "kind": "in_person",
                "place": "Kulturhuset, sal 2",
                "starts": _at(-14, 18),
                "ends": _at(-14, 20),
                "organiser": "tenant",
                "takes_registrations": False,
                "published": True,
            },
        )
        save_report(
            admin,
            past,
            minutes="1. Välkommen.\n2. Vi gick igenom tidplanen.\n3. **Nästa möte** om sex veckor.",
            attendance_count=23,
            closing_report="Många ville ha fler bänkar och bättre belysning.",
            proposals=[],
            close=True,
        )
    for person in residents:
        for meeting in (upcoming, online):
            try:
                register(person, meeting)
            except RegistrationRefused:
                break  # registration closed in this phase, or terms to accept first
    return 3
