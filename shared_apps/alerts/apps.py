from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "shared_apps.alerts"
    label = "alerts"
    verbose_name = "Alerts"

    def ready(self) -> None:
        from shared_apps.alerts import receivers

        receivers.connect()
