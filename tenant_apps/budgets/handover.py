"""Accepted proposals become budget projects (registered with proposals.handover).

Each proposal goes to the budget of its area, else the city-wide budget (one without an
area), else the component's first budget. A frozen budget (voting has begun) takes no new
projects: the whole handover is refused with a message naming the budget, so nothing is
half done.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.usertext import render_user_text
from tenant_apps.actionlog.actions import log_action
from tenant_apps.budgets.admin_actions import frozen_message
from tenant_apps.budgets.models import Budget, Project
from tenant_apps.budgets.search import reindex_project
from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.handover import CreatedItem, Receiver, register_receiver
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.models import Component


def budget_for(budgets: list[Budget], proposal: Proposal) -> Budget:
    """Return the budget a proposal's project belongs in."""
    for budget in budgets:
        if budget.area_id is not None and budget.area_id == proposal.area_id:
            return budget
    city_wide = [budget for budget in budgets if budget.area_id is None]
    return (city_wide or budgets)[0]


def create_projects_from_proposals(
    target: Component, proposals: list[Proposal], by: Any
) -> list[CreatedItem]:
    """Create a project per proposal (inside the handover's transaction)."""
    budgets = list(
        Budget.objects.select_for_update().filter(component=target).order_by("position", "pk")
    )
    if not budgets:
        raise ProposalRefused(_("Add a budget to %(target)s first.") % {"target": target.name.text})
    placed = [(proposal, budget_for(budgets, proposal)) for proposal in proposals]
    for proposal in proposals:
        if not proposal.answer_cost:
            raise ProposalRefused(
                _("Give “%(title)s” a cost in its answer first; the cost goes on the ballot.")
                % {"title": proposal.title}
            )
    for _proposal, budget in placed:
        if budget.is_frozen:
            raise ProposalRefused(
                _("“%(budget)s” takes no new projects. %(why)s")
                % {"budget": budget.title_sv, "why": frozen_message(budget)}
            )
    created = []
    positions = {budget.pk: budget.projects.count() for budget in budgets}
    for proposal, budget in placed:
        budget.component = target
        project = Project.objects.create(
            budget=budget,
            title_sv=proposal.title[:200],
            # Resident Markdown, rendered and sanitised as on the proposal's page.
            description_sv=str(render_user_text(proposal.body)),
            cost=proposal.answer_cost or 1,
            area_id=proposal.area_id,
            category_id=proposal.category_id,
            latitude=proposal.latitude,
            longitude=proposal.longitude,
            address=proposal.address,
            position=positions[budget.pk],
        )
        positions[budget.pk] += 1
        reindex_project(project)
        log_action(
            by,
            "budgets.project_created",
            target=target.space.slug,
            budget=budget.pk,
            project=project.pk,
            from_proposal=proposal.pk,
        )
        created.append(
            CreatedItem(
                proposal, f"project:{project.pk}", project.get_absolute_url(), project.title_sv
            )
        )
    return created


def register() -> None:
    register_receiver(
        Receiver("budgets", gettext_lazy("Budget projects"), create_projects_from_proposals)
    )
