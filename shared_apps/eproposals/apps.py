from django.apps import AppConfig


class EProposalsConfig(AppConfig):
    name = "shared_apps.eproposals"
    label = "eproposals"
    verbose_name = "E-proposals"

    def ready(self) -> None:
        from shared_apps.eproposals import participation

        participation.register_all()
