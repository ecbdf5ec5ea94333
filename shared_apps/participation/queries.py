"""Read a resident's participation for the portal page: a fixed number of queries,
however many rows or tenants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from shared_apps.notifications.models import Follow
from shared_apps.participation.kinds import registry
from shared_apps.participation.models import Participation
from tenants.models import Tenant

# Rows shown per kind. A resident with more sees the newest and a note; the rest stay in
# the data export.
PER_KIND = 100


@dataclass
class Section:
    name: str
    label: Any
    rows: list[Any]
    more: bool


def sections_for(user: Any) -> list[Section]:
    """Return the user's participation grouped by kind in page order, newest first in each,
    with follows last: two queries (the index, the follows), tenants joined in."""
    ranked = (
        Participation.objects.filter(user=user, tenant__status=Tenant.Status.READY)
        .select_related("tenant")
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("created").desc()])
        )
    )
    # One more than shown, to know whether there are more.
    rows = list(ranked.filter(rank__lte=PER_KIND + 1).order_by("kind", "-created", "-pk"))
    by_kind: dict[str, list[Participation]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    sections = [
        Section(
            kind.name, kind.label, by_kind[kind.name][:PER_KIND], len(by_kind[kind.name]) > PER_KIND
        )
        for kind in registry.all()
        if by_kind.get(kind.name)
    ]
    follows = list(
        Follow.objects.filter(user=user, tenant__status=Tenant.Status.READY)
        .select_related("tenant")
        .order_by("-created", "-pk")[: PER_KIND + 1]
    )
    if follows:
        sections.append(
            Section("follow", _("What you follow"), follows[:PER_KIND], len(follows) > PER_KIND)
        )
    return sections
