"""Factories for spaces, called explicitly from test bodies (run inside a tenant schema)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shared_apps.designs.models import CityTemplate
from tenant_apps.spaces.models import Component, Phase, Process

BUDGET_DESIGN: dict[str, Any] = {
    "version": 1,
    "process": {
        "subtitle_sv": "Du bestämmer över en del av budgeten",
        "subtitle_en": "You decide on part of the budget",
        "summary_sv": "Lämna idéer, rösta och följ projekten.",
        "summary_en": "Suggest ideas, vote and follow the projects.",
        "description_sv": "<p>Så går det till.</p>",
        "description_en": "<p>How it works.</p>",
        "duration_days": 120,
    },
    "phases": [
        {"title_sv": "Idéer", "title_en": "Ideas", "offset_days": 0, "duration_days": 30},
        {"title_sv": "Granskning", "title_en": "Review", "offset_days": 30, "duration_days": 30},
        {"title_sv": "Omröstning", "title_en": "Vote", "offset_days": 60, "duration_days": 30},
        {"title_sv": "Resultat", "title_en": "Results", "offset_days": 90, "duration_days": 30},
    ],
    "components": [
        {
            "type": "pages",
            "name_sv": "Så fungerar det",
            "name_en": "How it works",
            "published": True,
            "settings": {},
            "phase_settings": {"2": {"announcement_sv": "Nu röstar vi!"}},
            "content": {"body_sv": "<p>Regler</p>", "body_en": "<p>Rules</p>"},
        },
        {
            "type": "news",
            "name_sv": "Nyheter",
            "name_en": "News",
            "published": True,
            "settings": {"posts_per_page": 5},
            "phase_settings": {},
        },
    ],
}


def make_city_template(**fields: Any) -> CityTemplate:
    fields.setdefault("name_sv", "Medborgarbudget")
    fields.setdefault("name_en", "Participatory budget")
    fields.setdefault("description_sv", "Fyra faser: idéer, granskning, omröstning, resultat.")
    fields.setdefault("design", BUDGET_DESIGN)
    return CityTemplate.objects.create(**fields)


def make_process(
    slug: str = "parken",
    *,
    published: bool = True,
    starts: date | None = None,
    days: int = 60,
    phases: int = 2,
    **fields: Any,
) -> Process:
    """Create a process with `phases` equal phases covering its dates (first active)."""
    starts = starts or date.today() - timedelta(days=5)
    fields.setdefault("title_sv", f"Process {slug}")
    fields.setdefault("title_en", f"Process {slug} (en)")
    fields.setdefault("summary_sv", f"Sammanfattning {slug}")
    process = Process.objects.create(
        slug=slug,
        starts=starts,
        ends=starts + timedelta(days=days - 1),
        published=published,
        **fields,
    )
    length = days // max(phases, 1)
    for index in range(phases):
        phase_start = starts + timedelta(days=index * length)
        Phase.objects.create(
            process=process,
            title_sv=f"Fas {index + 1}",
            title_en=f"Phase {index + 1}",
            starts=phase_start,
            ends=phase_start + timedelta(days=length - 1),
            position=index,
            is_active=index == 0,
        )
    return process


def make_component(process: Process, type: str = "pages", **fields: Any) -> Component:
    from tenant_apps.spaces.registry import registry

    fields.setdefault("name_sv", f"Komponent {type}")
    fields.setdefault("published", True)
    component = Component.objects.create(
        process=process, type=type, position=process.components.count(), **fields
    )
    on_create = registry.get(type).on_create
    if on_create:
        on_create(component)
    return component
