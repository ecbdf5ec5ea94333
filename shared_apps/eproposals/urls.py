"""E-proposal pages on the portal host (namespace "eproposals", under /e-proposals/)."""

from django.urls import path

from shared_apps.eproposals import stats_views, views

app_name = "eproposals"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("statistics/", stats_views.statistics, name="statistics"),
]
