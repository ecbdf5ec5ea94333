"""Public pages of spaces on a tenant host, and each component type's resident pages."""

from django.urls import include, path

from tenant_apps.spaces import views
from tenant_apps.spaces.registry import registry


def _component_urls() -> list:
    """Each registered type's pages, under /<processes|assemblies>/<slug>/<type>/<id>/."""
    return [
        path(
            f"<space_kind:space_kind>/<slug:space_slug>/{component_type.name}/<int:component_id>/",
            include((component_type.urls, component_type.name)),
        )
        for component_type in registry.all()
        if component_type.urls
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path("assemblies/", views.assembly_list, name="assembly_list"),
    path("assemblies/<slug:slug>/", views.assembly_detail, name="assembly_detail"),
    *_component_urls(),
]
