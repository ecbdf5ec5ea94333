"""Generated processes for load tests and benchmarks (`seed_demo --processes-per-tenant`).

Fast enough for 500 tenants x 20 processes: a tenant's processes, phases and their
areas and categories go in with a handful of bulk INSERTs, then the tenant's catalog rows
are written by the real catalog writer (`rebuild_tenant_catalog`, which calls
`sync_space` per process). The action functions (`create_process`, `save_phase`,
`set_space_published`) would check permissions and log each step, about forty statements
per process; measured, that made 10 000 processes take many minutes.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shared_apps.vocabularies.models import Area, Category
from tenant_apps.spaces.models import Phase, Process
from tenant_apps.spaces.phases import phase_for_date

PREFIX = "gen-"
WORDS = [
    ("Parken", "The park"), ("Torget", "The square"), ("Cykelstråket", "The cycle path"),
    ("Biblioteket", "The library"), ("Skolgården", "The schoolyard"), ("Hamnen", "The harbour"),
    ("Badplatsen", "The bathing place"), ("Fritidsgården", "The youth centre"),
    ("Busslinjen", "The bus line"), ("Kulturhuset", "The culture house"),
]  # fmt: skip
PHASES = [("Idéer", "Ideas"), ("Granskning", "Review"), ("Omröstning", "Vote")]
PHASE_DAYS = 30


def seed_generated_processes(
    count: int, *, number: int, areas: list[Area], categories: list[Category]
) -> list[Process]:
    """Create `count` published processes in the current tenant schema, a third each
    running, upcoming and finished, each with three 30-day phases, an area and a
    category; return them (none if the tenant has generated processes already).

    `number` (the tenant's) varies dates and words between tenants. Call
    `rebuild_tenant_catalog` afterwards to put them on the portal."""
    if Process.objects.filter(slug__startswith=PREFIX).exists():
        return []
    today = timezone.localdate()
    now = timezone.now()
    length = PHASE_DAYS * len(PHASES)
    processes = []
    for index in range(count):
        spread = (index * 7 + number * 3) % 40
        starts = {
            0: today - timedelta(days=5 + spread),  # running
            1: today + timedelta(days=3 + spread),  # upcoming
            2: today - timedelta(days=length + 10 + spread),  # finished
        }[index % 3]
        word_sv, word_en = WORDS[(index + number) % len(WORDS)]
        processes.append(
            Process(
                slug=f"{PREFIX}{index + 1:03d}",
                title_sv=f"{word_sv} {number}-{index + 1}",
                title_en=f"{word_en} {number}-{index + 1}",
                summary_sv=f"Tyck till om {word_sv.lower()} i förvaltning {number}.",
                summary_en=f"Have your say on {word_en.lower()} in administration {number}.",
                starts=starts,
                ends=starts + timedelta(days=length - 1),
                published=True,
                published_at=now,
            )
        )
    with transaction.atomic():
        Process.objects.bulk_create(processes)
        phases = []
        for process in processes:
            own = [
                Phase(
                    process=process,
                    title_sv=title_sv,
                    title_en=title_en,
                    starts=process.starts + timedelta(days=position * PHASE_DAYS),
                    ends=process.starts + timedelta(days=(position + 1) * PHASE_DAYS - 1),
                    position=position,
                )
                for position, (title_sv, title_en) in enumerate(PHASES)
            ]
            # The same choice the hourly phase job makes (processes are in "dates" mode).
            active = phase_for_date(own, today)
            if active is not None:
                active.is_active = True
            phases += own
        Phase.objects.bulk_create(phases)
        area_links = Process.areas.through
        category_links = Process.categories.through
        if areas:
            area_links.objects.bulk_create(
                area_links(process_id=p.pk, area_id=areas[(i + number) % len(areas)].pk)
                for i, p in enumerate(processes)
            )
        if categories:
            category_links.objects.bulk_create(
                category_links(
                    process_id=p.pk, category_id=categories[(i * 3 + number) % len(categories)].pk
                )
                for i, p in enumerate(processes)
            )
    return processes
