"""The moderators' pages, included under /manage/moderation/ in the "manage" namespace."""

from django.urls import path

from tenant_apps.moderation import manage_views

urlpatterns = [
    path("", manage_views.queue, name="moderation_queue"),
    path("blocked/", manage_views.blocks, name="moderation_blocks"),
    path("blocked/<int:block_id>/unblock/", manage_views.unblock, name="moderation_unblock"),
    path("settings/", manage_views.settings_page, name="moderation_settings"),
    path("<str:type_name>/<int:object_id>/", manage_views.item, name="moderation_item"),
    path("<str:type_name>/<int:object_id>/do/", manage_views.item_action, name="moderation_action"),
]
