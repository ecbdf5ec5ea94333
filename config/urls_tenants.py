"""URLs of every tenant host (SLUG.PLATFORM_DOMAIN and custom domains)."""

from django.urls import include, path

from config.media import serve_media
from shared_apps.accounts.urls import tenant_urlpatterns
from shared_apps.notifications.urls import tenant_urlpatterns as notifications_tenant_urlpatterns
from shared_apps.privacy.urls import tenant_urlpatterns as privacy_tenant_urlpatterns
from tenants import views as tenant_views

urlpatterns = [
    # Before the manage/ include, which would otherwise claim manage/terms/.
    path("", include((privacy_tenant_urlpatterns, "privacy"))),
    path("", include("tenant_apps.spaces.urls")),
    # The tenant's meetings as one calendar feed (/meetings.ics).
    path("", include("tenant_apps.meetings.feed_urls")),
    path("", include((notifications_tenant_urlpatterns, "notifications"))),
    # Before the manage/ include: the responsible tenant answers city-wide e-proposals.
    path("manage/e-proposals/", include("shared_apps.eproposals.manage_urls")),
    path("manage/", include("tenant_apps.spaces.manage.urls")),
    path("", include("tenant_apps.verification.urls")),
    path("", include("tenant_apps.moderation.urls")),
    path("", include("tenant_apps.comments.urls")),
    path("api/", include("tenant_apps.spaces.api_urls")),
    path("staff/", tenant_views.staff, name="staff"),
    path("", include((tenant_urlpatterns, "accounts"))),
    path("media/<path:path>", serve_media, name="media"),
]
