from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "tenant_apps.budgets"
    label = "budgets"
    verbose_name = "Budgets"

    def ready(self) -> None:
        from tenant_apps.budgets import component, registrations  # noqa: F401 - registers the type

        registrations.register_all()
