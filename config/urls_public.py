"""URLs of the portal host (PLATFORM_DOMAIN)."""

from django.contrib import admin
from django.urls import include, path

from config.media import serve_media
from shared_apps.accounts.urls import portal_urlpatterns
from shared_apps.portal import views as portal_views
from shared_apps.privacy.urls import portal_urlpatterns as privacy_portal_urlpatterns

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("", include((portal_urlpatterns, "accounts"))),
    path("", include("shared_apps.identity.urls")),
    path("", include((privacy_portal_urlpatterns, "privacy"))),
    path("accounts/", include("allauth.urls")),
    path("ops/admin/", admin.site.urls),
    path("media/<path:path>", serve_media, name="media"),
]
