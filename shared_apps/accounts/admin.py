from django.contrib import admin

from shared_apps.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "is_staff", "created"]
    search_fields = ["email", "display_name"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["created", "modified", "last_login"]
    inlines = [MembershipInline]
