"""Django admin on the portal host, for platform operators (is_staff accounts)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tenants.actions import set_tenant_status
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

    def save_model(self, request: Any, obj: Tenant, form: Any, change: bool) -> None:
        """Save the other fields, then change the status through `set_tenant_status`, so
        the portal catalog follows (a suspended tenant's entries leave it at once)."""
        status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            set_tenant_status(obj, status, by=request.user)
            obj.status = status
        else:
            super().save_model(request, obj, form, change)
