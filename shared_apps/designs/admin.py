from django.contrib import admin

from shared_apps.designs.models import CityTemplate


@admin.register(CityTemplate)
class CityTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "source_tenant", "created"]
    readonly_fields = ["created_by", "created"]
