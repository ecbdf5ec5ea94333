from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "shared_apps.participation"
    label = "participation"
    verbose_name = "Participation"
