"""The proposals list: filters, orders and search in a fixed number of queries."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import Star
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest

from config.query_params import SLUG, matching_param
from tenant_apps.comments.models import Comment
from tenant_apps.proposals.models import Like, Proposal, Support
from tenant_apps.spaces.models import Component

SORT_NAMES = ("random", "supported", "newest", "commented")
SEED_KEY = "proposals:seed"


@dataclass
class Filters:
    area: str = ""
    category: str = ""
    state: str = ""
    mine: bool = False
    withdrawn: bool = False
    q: str = ""
    sort: str = "random"
    extra: dict[str, Any] = field(default_factory=dict)

    def query_string(self) -> str:
        """Return the filters as a query string, for pagination links."""
        from urllib.parse import urlencode

        values = {
            "area": self.area,
            "category": self.category,
            "state": self.state,
            "mine": "1" if self.mine else "",
            "withdrawn": "1" if self.withdrawn else "",
            "q": self.q,
            "sort": self.sort,
        }
        return urlencode({name: value for name, value in values.items() if value})


def read_filters(request: HttpRequest, default_sort: str) -> Filters:
    """Read the filters from the query string; junk values are ignored."""
    sort = request.GET.get("sort", default_sort)
    state = request.GET.get("state", "")
    return Filters(
        area=matching_param(request, "area", SLUG),
        category=matching_param(request, "category", SLUG),
        state=state if len(state) <= 60 and "\x00" not in state else "",
        mine=request.GET.get("mine") == "1" and request.user.is_authenticated,
        withdrawn=request.GET.get("withdrawn") == "1",
        q=request.GET.get("q", "").replace("\x00", "").strip()[:100],
        sort=sort if sort in SORT_NAMES else default_sort,
    )


def visitor_seed(request: HttpRequest) -> str:
    """Return this visitor's random-order seed, kept for the session so paging through a
    random list shows every proposal once."""
    seed = request.session.get(SEED_KEY)
    if not isinstance(seed, str) or len(seed) != 12:
        seed = secrets.token_hex(6)
        request.session[SEED_KEY] = seed
    return seed


class Md5(Func):
    function = "md5"
    output_field = TextField()


def filtered(
    component: Component, filters: Filters, *, user: Any, answers_visible: bool, seed: str
) -> QuerySet[Proposal]:
    """Return the component's proposals matching the filters, in the chosen order."""
    proposals = Proposal.objects.filter(component=component, hidden=False)
    if filters.withdrawn:
        proposals = proposals.filter(withdrawn_at__isnull=False)
    else:
        proposals = proposals.filter(withdrawn_at__isnull=True)
    if filters.area:
        proposals = proposals.filter(area__slug=filters.area)
    if filters.category:
        proposals = proposals.filter(category__slug=filters.category)
    if filters.state and answers_visible:
        state = "" if filters.state == "not_answered" else filters.state
        proposals = proposals.filter(state=state)
    if filters.mine:
        proposals = proposals.filter(author=user)
    if filters.q:
        # Full-text (Swedish stemming) plus a plain substring match on the title, so a
        # word typed halfway ("cykel" for "cykelbanor") still finds it.
        query = SearchQuery(filters.q, config="swedish", search_type="websearch")
        proposals = proposals.filter(Q(search_vector=query) | Q(title__icontains=filters.q))
    if filters.sort == "supported":
        return proposals.order_by("-supports_count", "-created", "-pk")
    if filters.sort == "commented":
        # Counted when asked for, not mirrored: a hidden or deleted comment stops counting
        # at once, whichever action hid it. A plain count(*) without GROUP BY (0, never
        # NULL, for no comments) lets PostgreSQL answer from comments_countable_idx alone
        # (an index-only scan per proposal) and keeps the plan's cost estimate under the
        # JIT threshold; count("id") grouped by target cost 4x as much with 10,000
        # proposals (benchmarks/proposals_index.py).
        counted = (
            Comment.objects.countable()
            .filter(target_type="proposal", target_id=OuterRef("pk"))
            .order_by()
            .annotate(total=Func(Star(), function="COUNT", output_field=IntegerField()))
            .values("total")
        )
        return proposals.annotate(comment_total=Subquery(counted)).order_by(
            "-comment_total", "-created", "-pk"
        )
    if filters.sort == "newest":
        return proposals.order_by("-created", "-pk")
    # A stable random order per visitor: the hash of their seed and the proposal's id.
    return proposals.order_by(
        Md5(Concat(Value(seed), Cast(F("pk"), output_field=TextField()))), "pk"
    )


def page_rows(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Return what a list row shows, fetched with the proposals themselves."""
    return proposals.select_related("area", "category", "author").only(
        "pk",
        "component_id",
        "title",
        "body",
        "state",
        "answered_at",
        "supports_count",
        "likes_count",
        "created",
        "withdrawn_at",
        "address",
        "area__slug",
        "area__name_sv",
        "area__name_en",
        "category__slug",
        "category__name_sv",
        "category__name_en",
        "author__display_name",
        "author__is_active",
    )


def supported_ids(user: Any, ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not ids:
        return set()
    return set(
        Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True)
    )


def liked_ids(user: Any, ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not ids:
        return set()
    return set(
        Like.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True)
    )


def supports_given(user: Any, component: Component) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Support.objects.filter(user=user, component=component).count()
