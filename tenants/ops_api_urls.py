"""URLs of the ops API on the portal host, under /api/ops/v1/ (namespace "ops_api")."""

from django.urls import path

from tenants import ops_api

app_name = "ops_api"

urlpatterns = [
    path("tenants/", ops_api.TenantsView.as_view(), name="tenants"),
    path("jobs/<int:job_id>/", ops_api.JobView.as_view(), name="job"),
]
