"""Resident pages of a budgets component (the voting helper fills these in)."""

from django.urls import include, path

urlpatterns: list = [
    # Results and delivery (the administration helper's public pages).
    path("", include("tenant_apps.budgets.results_urls")),
]
