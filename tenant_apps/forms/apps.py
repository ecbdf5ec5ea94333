from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "tenant_apps.forms"
    label = "forms"
    verbose_name = "Forms"
