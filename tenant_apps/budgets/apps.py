from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "tenant_apps.budgets"
    label = "budgets"
    verbose_name = "Budgets"

    def ready(self) -> None:
        from tenant_apps.budgets import admin_registrations, component, rules  # noqa: F401 - registers them

        admin_registrations.register_all()
