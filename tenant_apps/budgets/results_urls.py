"""Public results and delivery pages of a budgets component, included from `urls.py`
under the component's address (/<space>/budgets/<id>/)."""

from django.urls import path

from tenant_apps.budgets import public_results as views

urlpatterns = [
    path("results/", views.results_index, name="results"),
    path("results/<int:budget_id>/", views.budget_results, name="budget_results"),
    path(
        "results/<int:budget_id>/ballots.<str:fmt>",
        views.download,
        name="ballots_download",
    ),
    path("delivery/", views.delivery_list, name="delivery"),
    path("delivery/<int:project_id>/", views.delivery_detail, name="delivery_project"),
]
