from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "tenant_apps.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from tenant_apps.surveys import component, participation, rules  # noqa: F401 - registers them

        participation.register_all()
