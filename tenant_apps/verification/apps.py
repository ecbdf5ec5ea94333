from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "tenant_apps.verification"
    label = "verification"
    verbose_name = _("Verification in the administration")

    def ready(self) -> None:
        from tenant_apps.verification import rules  # noqa: F401  (registers the rules)
