from django.urls import path

from shared_apps.alerts import views

app_name = "alerts"

# Served on the portal host only (config/urls_public.py).
urlpatterns = [
    path("account/alerts/", views.alert_settings, name="settings"),
    path("account/alerts/stop/", views.stop_all, name="stop_all"),
]
