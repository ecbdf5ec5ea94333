from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "tenant_apps.budgets"
    label = "budgets"
    verbose_name = "Budgets"

    def ready(self) -> None:
        from tenant_apps.budgets import (  # noqa: F401 - registers them
            admin_registrations,
            component,
            participation,
            registrations,
            rules,
        )

        registrations.register_all()
        admin_registrations.register_all()
        participation.register()
