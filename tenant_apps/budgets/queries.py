"""What the voting pages read: a budget's projects filtered and ordered, and a resident's
ballots, each in a fixed number of queries whatever the number of projects."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat, NullIf
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.query_params import SLUG, matching_param
from tenant_apps.budgets.models import Ballot, Budget, Project
from tenant_apps.proposals.models import ProposalLink
from tenant_apps.proposals.queries import Md5
from tenant_apps.spaces.models import Component

SORTS = (
    ("random", _("Random order")),
    ("cost", _("Cost, lowest first")),
    ("cost_desc", _("Cost, highest first")),
    ("title", _("Title")),
)
SORT_NAMES = tuple(name for name, _label in SORTS)
SEED_KEY = "budgets:seed"


@dataclass
class Filters:
    area: str = ""
    category: str = ""
    sort: str = "random"

    def query_string(self) -> str:
        values = {"area": self.area, "category": self.category, "sort": self.sort}
        return urlencode({name: value for name, value in values.items() if value})


def read_filters(request: HttpRequest) -> Filters:
    """Read the filters from the query string; junk values are ignored."""
    sort = request.GET.get("sort", "random")
    return Filters(
        area=matching_param(request, "area", SLUG),
        category=matching_param(request, "category", SLUG),
        sort=sort if sort in SORT_NAMES else "random",
    )


def visitor_seed(request: HttpRequest) -> str:
    """Return this visitor's random-order seed, kept for the session so the list stays in
    the same order while they add and remove projects."""
    seed = request.session.get(SEED_KEY)
    if not isinstance(seed, str) or len(seed) != 12:
        seed = secrets.token_hex(6)
        request.session[SEED_KEY] = seed
    return seed


def ballot_projects(budget: Budget) -> QuerySet[Project]:
    """Return the projects residents vote on in the budget."""
    return budget.projects.filter(status=Project.Status.PROPOSED)


def filtered_projects(budget: Budget, filters: Filters, *, seed: str) -> QuerySet[Project]:
    """Return the budget's ballot projects matching the filters, in the chosen order, with
    their area and category."""
    projects = ballot_projects(budget).select_related("area", "category")
    if filters.area:
        projects = projects.filter(area__slug=filters.area)
    if filters.category:
        projects = projects.filter(category__slug=filters.category)
    if filters.sort == "cost":
        return projects.order_by("cost", "pk")
    if filters.sort == "cost_desc":
        return projects.order_by("-cost", "pk")
    if filters.sort == "title":
        if (get_language() or "sv").startswith("en"):
            title: Any = NullIf(F("title_en"), Value(""))
            return projects.order_by(title.asc(nulls_last=True), "title_sv", "pk")
        return projects.order_by("title_sv", "pk")
    # A stable random order per visitor: the hash of their seed and the project's id.
    return projects.order_by(
        Md5(Concat(Value(seed), Cast(F("pk"), output_field=TextField()))), "pk"
    )


def component_budgets(component: Component) -> list[Budget]:
    """Return the component's budgets with their area and number of ballot projects."""
    return list(
        component.budgets.select_related("area")
        .annotate(
            project_count=Count("projects", filter=Q(projects__status=Project.Status.PROPOSED))
        )
        # Explicitly: Meta.ordering does not apply to a GROUP BY query.
        .order_by("position", "pk")
    )


def ballots_by_budget(user: Any, budgets: list[Budget], key: str) -> dict[int, Ballot]:
    """Return the resident's ballot per budget (submitted before draft), with the number
    of choices on it: one query."""
    if not getattr(user, "is_authenticated", False) or not budgets:
        return {}
    rows = (
        Ballot.objects.filter(budget__in=budgets)
        .filter(
            Q(user=user, status=Ballot.Status.DRAFT)
            | Q(Q(voter_key=key) | Q(user=user), status=Ballot.Status.SUBMITTED)
        )
        .annotate(choice_count=Count("choices"))
        .order_by("pk")
    )
    found: dict[int, Ballot] = {}
    for ballot in rows:
        kept = found.get(ballot.budget_id)
        if kept is None or (
            kept.status == Ballot.Status.DRAFT and ballot.status == Ballot.Status.SUBMITTED
        ):
            found[ballot.budget_id] = ballot
    return found


def proposal_links(project: Project) -> list[ProposalLink]:
    """Return the proposals this project grew out of (proposals.handover)."""
    return list(
        ProposalLink.objects.filter(
            target_key=project.follow_key,
            target_component_id=project.budget.component_id,
            proposal__hidden=False,
        )
        .select_related("proposal__component__process", "proposal__component__assembly")
        .order_by("pk")
    )
