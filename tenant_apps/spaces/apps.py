from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "tenant_apps.spaces"
    label = "spaces"
    verbose_name = "Participatory spaces"

    def ready(self) -> None:
        from django.urls import register_converter

        from tenant_apps.spaces.access import SpaceKindConverter
        from tenant_apps.spaces.follows import register_followables

        register_converter(SpaceKindConverter, "space_kind")
        register_followables()
