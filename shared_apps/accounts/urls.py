from django.urls import path

from shared_apps.accounts import views

app_name = "accounts"

# Served on the portal host (config/urls_public.py).
portal_urlpatterns = [
    path("sign-in/handoff/", views.handoff_start, name="handoff_start"),
    path("account/profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
]

# Served on every tenant host (config/urls_tenants.py).
tenant_urlpatterns = [
    path("sign-in/accept/", views.handoff_accept, name="handoff_accept"),
    path("accounts/login/", views.tenant_login, name="login"),
    path("accounts/logout/", views.tenant_logout, name="logout"),
    path("language/", views.set_language, name="set_language"),
]
