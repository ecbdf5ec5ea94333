from django.urls import path

from shared_apps.notifications import views

app_name = "notifications"

# Served on the portal and on every tenant host.
urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:notification_id>/", views.open_entry, name="open"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path(
        "notifications/settings/follows/<int:follow_id>/remove/",
        views.remove_follow,
        name="remove_follow",
    ),
]

# Served on tenant hosts only.
tenant_urlpatterns = [
    *urlpatterns,
    path("follow/", views.follow, name="follow"),
]
