"""URLs of the ops pages on the portal host, under /ops/ (namespace "ops")."""

from django.urls import path

from tenants import ops_views

app_name = "ops"

urlpatterns = [
    path("", ops_views.dashboard, name="dashboard"),
    path("tenants/new/", ops_views.onboard, name="onboard"),
    path("jobs/<int:job_id>/", ops_views.job, name="job"),
    path("jobs/<int:job_id>/retry/", ops_views.job_retry, name="job_retry"),
    path("tenants/<slug:slug>/", ops_views.tenant, name="tenant"),
    path(
        "tenants/<slug:slug>/status/<str:action>/",
        ops_views.tenant_status,
        name="tenant_status",
    ),
    path("tenants/<slug:slug>/export/", ops_views.tenant_export, name="tenant_export"),
    path("tenants/<slug:slug>/delete/", ops_views.tenant_delete, name="tenant_delete"),
    path("tenants/<slug:slug>/branding/", ops_views.tenant_branding, name="tenant_branding"),
    path("tenants/<slug:slug>/invite/", ops_views.tenant_invite, name="tenant_invite"),
    path("audit/", ops_views.audit_log, name="audit"),
]
