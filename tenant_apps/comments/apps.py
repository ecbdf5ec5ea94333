from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "tenant_apps.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from tenant_apps.comments import (
            moderation,  # noqa: F401 - registers "comment"
            participation,
        )

        participation.register()
