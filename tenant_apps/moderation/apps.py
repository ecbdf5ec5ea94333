from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "tenant_apps.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from tenant_apps.moderation import rules  # noqa: F401  (registers the named rules)
