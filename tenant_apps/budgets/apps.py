from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "tenant_apps.budgets"
    label = "budgets"
    verbose_name = "Budgets"
