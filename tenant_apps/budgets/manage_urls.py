"""Staff pages of a budgets component, under /manage/<space>/budgets/<id>/ (namespace
"manage:budgets")."""

from django.urls import path

from tenant_apps.budgets import manage_results_views as results
from tenant_apps.budgets import manage_views as views

B = "<int:budget_id>/"
P = "<int:budget_id>/projects/<int:project_id>/"

urlpatterns = [
    path("", views.manage_budgets, name="manage"),
    path("new/", views.budget_add, name="budget_add"),
    path("simulate/", results.simulate, name="simulate"),
    path(B, views.budget_edit, name="budget_edit"),
    path(f"{B}delete/", views.budget_delete, name="budget_delete"),
    path(f"{B}move/", views.budget_move, name="budget_move"),
    path(f"{B}projects/", views.budget_projects, name="projects"),
    path(f"{B}projects/new/", views.project_add, name="project_add"),
    path(P, views.project_edit, name="project_edit"),
    path(f"{P}delete/", views.project_delete, name="project_delete"),
    path(f"{B}ballots/", views.paper_ballots, name="ballots"),
    path(f"{B}ballots/import/", views.paper_import, name="ballots_import"),
    path(f"{B}ballots/void/", views.paper_void, name="ballots_void"),
    path(f"{B}results/", results.budget_results, name="results"),
    path(f"{B}results/<int:outcome_id>/publish/", results.outcome_publish, name="publish"),
    path(f"{B}results/<int:outcome_id>/override/", results.outcome_override, name="override"),
    path(f"{P}delivery/", results.project_delivery, name="delivery"),
    path(f"{P}delivery/milestones/", results.milestone_add, name="milestone_add"),
    path(
        f"{P}delivery/milestones/<int:milestone_id>/",
        results.milestone_change,
        name="milestone_change",
    ),
    path(f"{P}delivery/updates/", results.update_add, name="update_add"),
]
