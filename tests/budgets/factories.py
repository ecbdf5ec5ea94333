"""Factories for budgets, called explicitly from test bodies inside a tenant schema."""

from __future__ import annotations

from typing import Any

from tenant_apps.budgets.models import Budget, Project
from tenant_apps.spaces.models import Component, Process
from tests.spaces.factories import make_component, make_process

# The active phase of a new component: residents may vote and comment.
OPEN = {"votes_enabled": True, "show_votes": False, "comments_enabled": True}


def make_budgets_component(
    process: Process | None = None, *, settings: dict[str, Any] | None = None, **phase: Any
) -> Component:
    """Create a published budgets component whose active phase has `phase` settings
    (voting and comments open unless told otherwise)."""
    process = process or make_process("budget")
    component = make_component(
        process,
        "budgets",
        name_sv="Medborgarbudget",
        name_en="Participatory budget",
        settings=settings or {},
    )
    active = process.phases.get(is_active=True)
    component.phase_settings = {str(active.pk): {**OPEN, **phase}}
    component.save()
    return component


def make_budget(component: Component, **fields: Any) -> Budget:
    """Create a budget of 1 000 000 kr (knapsack, at least 70 % spent) unless told otherwise."""
    if "title_sv" in fields:
        fields.setdefault("title_en", fields["title_sv"])
    fields.setdefault("title_sv", "Hela staden")
    fields.setdefault("title_en", "The whole city")
    fields.setdefault("amount", 1_000_000)
    fields.setdefault("position", component.budgets.count())
    return Budget.objects.create(component=component, **fields)


def make_project(budget: Budget, title: str, cost: int, **fields: Any) -> Project:
    fields.setdefault("description_sv", f"{title}: ett projekt för alla.")
    fields.setdefault("description_en", f"{title}: a project for everyone.")
    fields.setdefault("position", budget.projects.count())
    return Project.objects.create(budget=budget, title_sv=title, cost=cost, **fields)
