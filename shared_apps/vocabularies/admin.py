from django.contrib import admin

from shared_apps.vocabularies.models import Area, Category


@admin.register(Area, Category)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name_sv"]}
