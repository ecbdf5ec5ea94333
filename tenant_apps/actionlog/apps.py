from django.apps import AppConfig


class ActionlogConfig(AppConfig):
    name = "tenant_apps.actionlog"
    label = "actionlog"
    verbose_name = "Action log"
