"""The moderators' queue: items with open reports, most reported first.

A page costs the same with 5 or 5,000 open reports: one query groups the open reports
by item (plus the paginator's count), one loads the page's reports, one per registered
type loads its items, and one finds which authors are blocked already.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from config.usertext import plain_excerpt
from tenant_apps.moderation.models import Block, Report
from tenant_apps.moderation.registry import ModeratedType, registry


@dataclass
class QueueItem:
    """One reported item with its open reports."""

    type_name: str
    target_id: int
    count: int
    type: ModeratedType | None = None
    obj: Any = None  # None when the content is gone or its type is no longer registered
    reports: list[Report] = field(default_factory=list)
    author_blocked: bool = False

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Return (reason label, how many) pairs, the most frequent first."""
        counts = Counter(str(report.get_reason_display()) for report in self.reports)
        return counts.most_common()

    @property
    def excerpt(self) -> str:
        if self.obj is None or self.type is None:
            return ""
        text = self.type.text(self.obj) if self.type.text else self.type.title(self.obj)
        return plain_excerpt(str(text), 300)


def open_items() -> QuerySet[Any]:
    """Return one row per item with open reports (type, id, count), most reported first."""
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .values("target_type", "target_id")
        .annotate(count=Count("id"), latest=Max("created"))
        .order_by("-count", "-latest", "target_type", "target_id")
    )


def load_items(rows: list[dict[str, Any]]) -> list[QueueItem]:
    """Turn a page of `open_items()` rows into QueueItems with objects and reports."""
    items = [QueueItem(row["target_type"], row["target_id"], row["count"]) for row in rows]
    if not items:
        return items
    ids_by_type: dict[str, list[int]] = {}
    for item in items:
        ids_by_type.setdefault(item.type_name, []).append(item.target_id)
    wanted = Q()
    for type_name, ids in ids_by_type.items():
        wanted |= Q(target_type=type_name, target_id__in=ids)
    reports: dict[tuple[str, int], list[Report]] = {}
    for report in Report.objects.filter(wanted, resolved_at__isnull=True).order_by("created"):
        reports.setdefault((report.target_type, report.target_id), []).append(report)
    objects: dict[tuple[str, int], Any] = {}
    types: dict[str, ModeratedType] = {}
    for type_name, ids in ids_by_type.items():
        if type_name not in registry:
            continue
        moderated_type = types[type_name] = registry.get(type_name)
        manager = moderated_type.model._default_manager
        for obj in manager.select_related(*moderated_type.select_related).filter(pk__in=ids):
            objects[(type_name, obj.pk)] = obj
    author_ids = {
        author_id for obj in objects.values() if (author_id := getattr(obj, "author_id", None))
    }
    blocked = set(Block.objects.filter(user_id__in=author_ids).values_list("user_id", flat=True))
    for item in items:
        key = (item.type_name, item.target_id)
        item.type = types.get(item.type_name)
        item.obj = objects.get(key)
        item.reports = reports.get(key, [])
        item.author_blocked = getattr(item.obj, "author_id", None) in blocked
    return items
