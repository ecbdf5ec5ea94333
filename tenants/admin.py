"""Django admin on the portal host, for platform operators (is_staff accounts)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tenants.models import Domain, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_sv", "kind", "status", "created"]
    list_filter = ["kind", "status"]
    search_fields = ["slug", "name_sv", "name_en"]
    readonly_fields = ["schema_name", "created", "modified"]
    inlines = [DomainInline]
    actions = ["build_open_data"]

    @admin.action(description="Build open data for the selected tenants and the city")
    def build_open_data(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        from shared_apps.opendata.tasks import build_open_data as build

        for tenant_id in queryset.values_list("pk", flat=True):
            build.delay(tenant_id)
        build.delay(None)
        self.message_user(
            request, "The open-data archives are being built; see Open-data archives."
        )
