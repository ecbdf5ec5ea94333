"""URLs of the portal host (PLATFORM_DOMAIN)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from config.media import serve_media
from shared_apps.accounts import two_factor
from shared_apps.accounts.urls import portal_urlpatterns
from shared_apps.alerts.urls import urlpatterns as alerts_urlpatterns
from shared_apps.notifications.urls import urlpatterns as notifications_urlpatterns
from shared_apps.opendata import views as open_data_views
from shared_apps.participation.urls import urlpatterns as participation_urlpatterns
from shared_apps.portal import views as portal_views
from shared_apps.privacy.urls import portal_urlpatterns as privacy_portal_urlpatterns

# The admin's own sign-in form would skip the two-factor step: sign in through allauth.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("", include("shared_apps.portal.urls")),
    path("", include((portal_urlpatterns, "accounts"))),
    # Same paths (and names) as allauth's, matched first: see two_factor.py.
    path("accounts/2fa/totp/activate/", two_factor.activate_totp, name="mfa_activate_totp"),
    path("accounts/2fa/recovery-codes/", two_factor.recovery_codes, name="mfa_view_recovery_codes"),
    path("", include("shared_apps.identity.urls")),
    path("", include((privacy_portal_urlpatterns, "privacy"))),
    path("", include((notifications_urlpatterns, "notifications"))),
    path("", include((participation_urlpatterns, "participation"))),
    path("", include((alerts_urlpatterns, "alerts"))),
    path("", include(("shared_apps.search.urls", "search"))),
    path("e-proposals/", include("shared_apps.eproposals.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/ops/v1/", include("tenants.ops_api_urls")),
    path("api/", include("shared_apps.portal.api_urls")),
    path("open-data/", open_data_views.open_data, name="open_data"),
    path("ops/admin/", admin.site.urls),
    # The city officers' e-proposal pages: staff pages like all of /ops/.
    path("ops/e-proposals/", include("shared_apps.eproposals.ops_urls")),
    path("ops/", include("tenants.ops_urls")),
    path("media/<path:path>", serve_media, name="media"),
]
