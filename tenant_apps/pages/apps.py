from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "tenant_apps.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from tenant_apps.pages import component  # noqa: F401 - registers the type
