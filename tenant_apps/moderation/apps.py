from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "tenant_apps.moderation"
    label = "moderation"
    verbose_name = "Moderation"
