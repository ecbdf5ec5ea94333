from django.apps import AppConfig


class EProposalsConfig(AppConfig):
    name = "shared_apps.eproposals"
    label = "eproposals"
    verbose_name = "E-proposals"
