from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "tenant_apps.debates"
    label = "debates"
    verbose_name = "Debates"

    def ready(self) -> None:
        from tenant_apps.debates import component, registrations, rules  # noqa: F401 - registers them

        registrations.register_all()
