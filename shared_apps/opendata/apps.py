from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "shared_apps.opendata"
    label = "opendata"
    verbose_name = "Open data"
