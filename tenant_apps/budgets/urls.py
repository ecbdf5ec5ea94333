"""Resident pages of a budgets component, under `…/budgets/<component_id>/`."""

from django.urls import include, path

from tenant_apps.budgets import views

urlpatterns = [
    path("", views.budget_list, name="list"),
    path("<int:budget_id>/", views.ballot, name="ballot"),
    path("<int:budget_id>/add/", views.ballot_add, name="add"),
    path("<int:budget_id>/remove/", views.ballot_remove, name="remove"),
    path("<int:budget_id>/allocate/", views.ballot_allocate, name="allocate"),
    path("<int:budget_id>/review/", views.ballot_review, name="review"),
    path("<int:budget_id>/receipt/", views.ballot_receipt, name="receipt"),
    path("<int:budget_id>/reopen/", views.ballot_reopen, name="reopen"),
    path("<int:budget_id>/projects/<int:project_id>/", views.project_detail, name="project"),
    # Results and delivery (public_results.py).
    path("", include("tenant_apps.budgets.results_urls")),
]
