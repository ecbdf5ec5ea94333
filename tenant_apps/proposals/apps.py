from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "tenant_apps.proposals"
    label = "proposals"
    verbose_name = "Proposals"

    def ready(self) -> None:
        from tenant_apps.proposals import component, registrations, rules  # noqa: F401 - registers them

        registrations.register_all()
