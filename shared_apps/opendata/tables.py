"""The tables of a tenant's open data, read in its schema: what its public pages show,
never who wrote or voted (no account, name, e-mail or voter key ever appears)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.budgets.models import Budget, Outcome, Project
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.api_public import published_components
from tenant_apps.spaces.models import Phase, Process
from tenants.models import Tenant

Table = list[dict[str, Any]]

# The tables, in the order the archive's README describes them.
TABLES = ("processes", "phases", "proposals", "budgets", "projects")


def tenant_tables(tenant: Tenant) -> dict[str, Table]:
    """Read the tenant's open data (call it outside a request: it reads the schema)."""
    today = timezone.localdate()
    with schema_context(tenant.schema_name):
        processes = list(
            Process.objects.filter(published=True).prefetch_related("areas", "categories")
        )
        process_rows = [
            {
                "slug": process.slug,
                "title_sv": process.title_sv,
                "title_en": process.title_en,
                "summary_sv": process.summary_sv,
                "summary_en": process.summary_en,
                "starts": process.starts,
                "ends": process.ends,
                "status": process.status(today),
                "areas": " ".join(area.slug for area in process.areas.all()),
                "categories": " ".join(category.slug for category in process.categories.all()),
                "path": process.get_absolute_url(),
            }
            for process in processes
        ]
        phase_rows = [
            {
                "process": phase.process.slug,
                "title_sv": phase.title_sv,
                "title_en": phase.title_en,
                "starts": phase.starts,
                "ends": phase.ends,
                "active": phase.is_active,
            }
            for phase in Phase.objects.filter(process__published=True)
            .select_related("process")
            .order_by("process__slug", "position", "pk")
        ]
        ideas = {component.pk: component for component in published_components("proposals")}
        proposal_rows = []
        for proposal in (
            Proposal.objects.listed()
            .filter(component_id__in=list(ideas))
            .select_related("area", "category")
            .order_by("pk")
        ):
            component = ideas[proposal.component_id]
            answers = component.current_settings().get("answers_published")
            proposal_rows.append(
                {
                    "id": proposal.pk,
                    "space": component.space.slug,
                    "component": component.pk,
                    "title": proposal.title,
                    "body": proposal.body,
                    "area": proposal.area.slug if proposal.area else "",
                    "category": proposal.category.slug if proposal.category else "",
                    "state": proposal.state if answers else "",
                    "supports": proposal.supports_count,
                    "created": proposal.created,
                    "path": f"{component.get_absolute_url()}{proposal.pk}/",
                }
            )
        budget_components = {
            component.pk: component for component in published_components("budgets")
        }
        budgets = list(
            Budget.objects.filter(component_id__in=list(budget_components)).order_by(
                "component_id", "position", "pk"
            )
        )
        published = {
            outcome.budget_id: outcome
            for outcome in Outcome.objects.filter(
                budget__in=budgets, published_at__isnull=False
            ).order_by("published_at")
        }
        budget_rows = [
            {
                "id": budget.pk,
                "space": budget_components[budget.component_id].space.slug,
                "title_sv": budget.title_sv,
                "title_en": budget.title_en,
                "amount": budget.amount,
                "ballot_rule": budget.ballot_rule,
                "outcome_rule": budget.outcome_rule,
                "results_published": budget.pk in published,
            }
            for budget in budgets
        ]
        project_rows = []
        for project in (
            Project.objects.filter(budget__in=budgets)
            .select_related("area", "category", "budget")
            .order_by("budget_id", "position", "pk")
        ):
            outcome = published.get(project.budget_id)
            votes = (outcome.votes or {}).get(str(project.pk), {}) if outcome else {}
            project_rows.append(
                {
                    "id": project.pk,
                    "budget": project.budget_id,
                    "title_sv": project.title_sv,
                    "title_en": project.title_en,
                    "cost": project.cost,
                    "status": project.status,
                    "progress": project.progress,
                    "area": project.area.slug if project.area else "",
                    "category": project.category.slug if project.category else "",
                    # Only once the results are published, as on the results page.
                    "votes_online": votes.get("online", "") if outcome else "",
                    "votes_paper": votes.get("paper", "") if outcome else "",
                    "votes_total": votes.get("total", "") if outcome else "",
                    "selected": (project.pk in outcome.selected) if outcome else "",
                    "path": project.get_absolute_url(),
                }
            )
    return {
        "processes": process_rows,
        "phases": phase_rows,
        "proposals": proposal_rows,
        "budgets": budget_rows,
        "projects": project_rows,
    }


# The city-wide tables of e-proposals (public schema), in the city's archive only.
EPROPOSAL_TABLES = ("eproposals", "eproposal_events", "eproposal_follow_ups")


def eproposal_tables() -> dict[str, Table]:
    """Read the published e-proposals with their public history and follow-ups: what
    their pages and the API show, never the proposer, a supporter or a staff member."""
    from shared_apps.eproposals.api import plain_text
    from shared_apps.eproposals.models import Event, FollowUp
    from shared_apps.eproposals.stats import public_eproposals

    eproposals = list(
        public_eproposals().select_related("area", "category", "tenant").order_by("pk")
    )
    ids = [eproposal.pk for eproposal in eproposals]
    eproposal_rows = [
        {
            "id": e.pk,
            "title": e.title,
            "body": plain_text(e.body),
            "area": e.area.slug if e.area else "",
            "category": e.category.slug if e.category else "",
            "status": e.status,
            "supports": e.counted,
            "final_count": e.final_count if e.final_count is not None else "",
            "threshold": e.threshold,
            "submitted_at": e.created,
            "published_at": e.published_at or "",
            "support_ends": e.support_ends or "",
            "threshold_reached_at": e.threshold_reached_at or "",
            "closed_at": e.closed_at or "",
            "responsible": e.tenant.slug if e.tenant else "",
            "answer_due": e.answer_due or "",
            "overdue": e.is_overdue,
            "decision": e.decision if e.status == e.Status.DECIDED else "",
            "decision_text": e.decision_text if e.status == e.Status.DECIDED else "",
            "decision_date": (e.decision_date or "") if e.status == e.Status.DECIDED else "",
            "minutes_url": e.minutes_url if e.status == e.Status.DECIDED else "",
            "carried_out_at": e.carried_out_at or "",
            "path": e.get_absolute_url(),
        }
        for e in eproposals
    ]
    event_rows = [
        {
            "eproposal": event.eproposal_id,
            "kind": event.kind,
            "date": event.created,
            "tenant": event.tenant.slug if event.tenant else "",
            "reason": event.reason,
        }
        for event in Event.objects.filter(eproposal_id__in=ids)
        .select_related("tenant")
        .order_by("eproposal_id", "created", "pk")
    ]
    follow_up_rows = [
        {
            "eproposal": follow_up.eproposal_id,
            "tenant": follow_up.tenant.slug,
            "kind": follow_up.kind,
            "title_sv": follow_up.title_sv,
            "title_en": follow_up.title_en,
            "status": follow_up.status,
            "path": follow_up.path,
        }
        for follow_up in FollowUp.objects.filter(eproposal_id__in=ids)
        .select_related("tenant")
        .order_by("eproposal_id", "created", "pk")
    ]
    return {
        "eproposals": eproposal_rows,
        "eproposal_events": event_rows,
        "eproposal_follow_ups": follow_up_rows,
    }
