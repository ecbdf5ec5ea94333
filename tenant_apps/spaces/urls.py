"""Public pages of spaces on a tenant host, and each component type's resident pages."""

from django.urls import include, path

from tenant_apps.spaces import views
from tenant_apps.spaces.registry import registry


def component_type_urls(module_attribute: str) -> list:
    """Mount each registered type's URL module (`urls` or `manage_urls`) at
    `<processes|assemblies>/<slug>/<type>/<id>/`, namespaced by the type's name."""
    return [
        path(
            f"<space_kind:space_kind>/<slug:space_slug>/{component_type.name}/<int:component_id>/",
            include((getattr(component_type, module_attribute), component_type.name)),
        )
        for component_type in registry.all()
        if getattr(component_type, module_attribute)
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path("assemblies/", views.assembly_list, name="assembly_list"),
    path("assemblies/<slug:slug>/", views.assembly_detail, name="assembly_detail"),
    *component_type_urls("urls"),
]
