from django.apps import AppConfig


class DesignsConfig(AppConfig):
    name = "shared_apps.designs"
    label = "designs"
    verbose_name = "City-wide process templates"
