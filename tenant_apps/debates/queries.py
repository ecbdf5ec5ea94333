"""Read debates for residents: the list grouped by state, argument counts by position in
one grouped query, and an argument thread filtered by position."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from tenant_apps.comments.models import Alignment, Comment
from tenant_apps.debates.models import Debate

# URL values of the position filter, and the alignment each stands for.
POSITIONS = {
    "for": Alignment.IN_FAVOUR,
    "against": Alignment.AGAINST,
    "neutral": Alignment.NEUTRAL,
}


@dataclass
class Tally:
    """How many arguments (comments on the debate itself, shown) take each position."""

    in_favour: int = 0
    against: int = 0
    neutral: int = 0

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.neutral

    def add(self, alignment: int, count: int) -> None:
        if alignment == Alignment.IN_FAVOUR:
            self.in_favour += count
        elif alignment == Alignment.AGAINST:
            self.against += count
        else:
            self.neutral += count


def tallies(ids: Iterable[int]) -> dict[int, Tally]:
    """Return {debate id: Tally} in one grouped query. Replies are discussion, not
    arguments, and deleted or hidden arguments do not count."""
    ids = list(ids)
    result = {pk: Tally() for pk in ids}
    if not ids:
        return result
    rows = (
        Comment.objects.countable()
        .filter(target_type="debate", target_id__in=ids, parent__isnull=True)
        .values("target_id", "alignment")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        result[row["target_id"]].add(row["alignment"], row["count"])
    return result


@dataclass
class Groups:
    open: list[Debate] = field(default_factory=list)
    upcoming: list[Debate] = field(default_factory=list)
    closed: list[Debate] = field(default_factory=list)


def grouped(debates: Iterable[Debate]) -> Groups:
    """Sort debates into open, upcoming and closed (by date or by staff), keeping order."""
    groups = Groups()
    for debate in debates:
        state = debate.state
        if state == Debate.State.OPEN:
            groups.open.append(debate)
        elif state == Debate.State.UPCOMING:
            groups.upcoming.append(debate)
        else:
            groups.closed.append(debate)
    return groups
