from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Tenants"

    def ready(self) -> None:
        from tenants.models import Domain, Tenant
        from tenants.routing import forget_hosts

        # A changed tenant (its status, say) or domain routes anew at once.
        for model in (Tenant, Domain):
            post_save.connect(forget_hosts, sender=model, dispatch_uid=f"routing-{model.__name__}")
            post_delete.connect(
                forget_hosts, sender=model, dispatch_uid=f"routing-{model.__name__}-deleted"
            )
