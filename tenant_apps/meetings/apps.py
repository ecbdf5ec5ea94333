from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "tenant_apps.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from tenant_apps.meetings import component, registrations, rules  # noqa: F401 - registers them

        registrations.register_all()
        from tenant_apps.meetings.questions import set_provider
        from tenant_apps.meetings.registration_form import FormsEngineQuestions

        set_provider(FormsEngineQuestions())
