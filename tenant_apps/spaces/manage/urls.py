"""The tenant admin at /manage/ (namespace "manage")."""

from django.urls import include, path

from tenant_apps.actionlog import views as log_views
from tenant_apps.spaces.manage import components, spaces
from tenant_apps.spaces.urls import component_type_urls
from tenant_apps.verification import manage_views as verification_views
from tenants import views as tenant_views

app_name = "manage"


urlpatterns = [
    path("", spaces.dashboard, name="dashboard"),
    path("processes/new/", spaces.process_new, name="process_new"),
    path("processes/add/", spaces.process_add, name="process_add"),
    path("processes/<slug:slug>/", spaces.process_edit, name="process_edit"),
    path("processes/<slug:slug>/phases/", components.phase_list, name="phases"),
    path("processes/<slug:slug>/phases/<int:phase_id>/", components.phase_edit, name="phase_edit"),
    path(
        "processes/<slug:slug>/phases/<int:phase_id>/do/",
        components.phase_action,
        name="phase_action",
    ),
    path(
        "processes/<slug:slug>/save-as-template/",
        spaces.process_save_template,
        name="process_save_template",
    ),
    path("assemblies/add/", spaces.assembly_add, name="assembly_add"),
    path("assemblies/<slug:slug>/", spaces.assembly_edit, name="assembly_edit"),
    path("assemblies/<slug:slug>/members/", spaces.member_add, name="member_add"),
    path(
        "assemblies/<slug:slug>/members/<int:member_id>/remove/",
        spaces.member_remove,
        name="member_remove",
    ),
    path("<space_kind:space_kind>/<slug:slug>/publish/", spaces.space_publish, name="publish"),
    path(
        "<space_kind:space_kind>/<slug:slug>/preview-link/",
        spaces.space_preview_link,
        name="preview_link",
    ),
    path(
        "<space_kind:space_kind>/<slug:slug>/components/",
        components.component_list,
        name="components",
    ),
    path(
        "<space_kind:space_kind>/<slug:slug>/components/<int:component_id>/",
        components.component_edit,
        name="component_edit",
    ),
    path(
        "<space_kind:space_kind>/<slug:slug>/components/<int:component_id>/do/",
        components.component_action,
        name="component_action",
    ),
    path("processes/<slug:slug>/voting-codes/", verification_views.codes, name="voting_codes"),
    path(
        "processes/<slug:slug>/voting-codes/<int:batch_id>/",
        verification_views.code_sheet,
        name="voting_codes_sheet",
    ),
    path(
        "processes/<slug:slug>/voting-codes/<int:batch_id>/void/",
        verification_views.code_void,
        name="voting_codes_void",
    ),
    path("verify/", verification_views.in_person, name="verify_in_person"),
    path("templates/", spaces.template_list, name="templates"),
    path("templates/<int:template_id>/delete/", spaces.template_delete, name="template_delete"),
    path("roles/", tenant_views.roles, name="roles"),
    path("roles/<int:membership_id>/revoke/", tenant_views.role_revoke, name="role_revoke"),
    path("log/", log_views.action_list, name="log"),
    path("moderation/", include("tenant_apps.moderation.manage_urls")),
    # Each registered type's staff pages: /manage/<space>/<slug>/<type>/<id>/
    *component_type_urls("manage_urls"),
]
