from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "tenant_apps.spaces"
    label = "spaces"
    verbose_name = "Participatory spaces"

    def ready(self) -> None:
        from django.urls import register_converter

        from tenant_apps.spaces.access import SpaceKindConverter

        register_converter(SpaceKindConverter, "space_kind")
