"""Register the meetings component type."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.meetings.models import Meeting
from tenant_apps.meetings.search import component_documents
from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.registry import CatalogItem, ComponentType, Setting, registry


def catalog_items(component: Component) -> list[CatalogItem]:
    """One `meeting` entry per published meeting that has not ended, with its local dates
    and, when known, its place (the portal's calendar and map show them)."""
    items = []
    for meeting in component.meetings.published().upcoming():
        meeting.component = component
        summary_sv = meeting.location_text() or str(Meeting.Kind(meeting.kind).label)
        items.append(
            CatalogItem(
                key=f"meeting:{meeting.pk}",
                kind="meeting",
                title_sv=meeting.title_sv[:200],
                title_en=(meeting.title_en or meeting.title_sv)[:200],
                summary_sv=summary_sv,
                summary_en=summary_sv,
                url_path=meeting.get_absolute_url(),
                starts=timezone.localdate(meeting.starts),
                ends=timezone.localdate(meeting.ends),
                latitude=float(meeting.latitude) if meeting.latitude is not None else None,
                longitude=float(meeting.longitude) if meeting.longitude is not None else None,
            )
        )
    return items


registry.register(
    ComponentType(
        name="meetings",
        label=_("Meetings"),
        description=_(
            "Meetings in person, online or both: agenda, registration with a waiting list, "
            "reminders, minutes and a closing report."
        ),
        settings=(
            Setting(
                "online_link_minutes",
                "int",
                15,
                label=_("Minutes before the start the online link is shown"),
                help_text=_("Only registered participants see the link, until the meeting ends."),
                minimum=0,
                maximum=24 * 60,
            ),
            Setting(
                "reminder_hours",
                "int",
                24,
                label=_("Hours before the start a reminder is sent"),
                help_text=_("0 means no reminders."),
                minimum=0,
                maximum=24 * 14,
            ),
            Setting("per_page", "int", 20, label=_("Meetings per page"), minimum=5, maximum=100),
        ),
        phase_settings=(
            Setting("registrations_enabled", "bool", True, label=_("Residents may register")),
            Setting(
                "meeting_proposals_enabled",
                "bool",
                False,
                label=_("Residents may propose meetings"),
                help_text=_("Staff publish a proposed meeting before anyone sees it."),
            ),
            Setting("comments_enabled", "bool", True, label=_("Residents may comment")),
            *ANNOUNCEMENT_SETTINGS,
        ),
        actions={
            "register": "registrations_enabled",
            "propose_meeting": "meeting_proposals_enabled",
            "comment": "comments_enabled",
        },
        urls="tenant_apps.meetings.urls",
        manage_urls="tenant_apps.meetings.manage_urls",
        catalog=catalog_items,
        search=component_documents,
    )
)
