"""Django admin on the portal host, for platform operators (is_staff accounts)."""

from django.contrib import admin

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
