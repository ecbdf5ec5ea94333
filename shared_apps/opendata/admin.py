from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shared_apps.opendata.models import OpenDataArchive


@admin.register(OpenDataArchive)
class OpenDataArchiveAdmin(admin.ModelAdmin):
    """Built archives (read only); build new ones from the tenants' list (an action)."""

    list_display = ["file", "tenant", "size", "created"]
    list_filter = ["tenant"]
    readonly_fields = ["tenant", "file", "size", "counts", "created"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
