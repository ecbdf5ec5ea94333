from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    name = "shared_apps.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # Each app may keep a `privacy.py` that registers exporters and erasers for data
        # no user foreign key reaches (see shared_apps/privacy/registry.py).
        autodiscover_modules("privacy")
        from shared_apps.privacy import rules  # noqa: F401  (registers the named rules)
