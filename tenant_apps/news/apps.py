from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "tenant_apps.news"
    label = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from tenant_apps.news import component  # noqa: F401 - registers the type
