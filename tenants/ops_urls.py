"""URLs of the ops pages on the portal host, under /ops/ (namespace "ops")."""

from django.urls import path

from tenants import ops_views

app_name = "ops"

urlpatterns = [
    path("", ops_views.dashboard, name="dashboard"),
]
