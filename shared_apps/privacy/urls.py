from django.urls import path

from shared_apps.privacy import views

app_name = "privacy"

# Served on the portal host (config/urls_public.py).
portal_urlpatterns = [
    path("account/data/", views.data_exports, name="data"),
    path(
        "account/data/<uuid:public_id>/download/",
        views.data_export_download,
        name="download",
    ),
    path("account/delete/", views.delete_account, name="delete_account"),
]

# Served on every tenant host (config/urls_tenants.py).
tenant_urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("manage/terms/", views.manage_terms, name="manage_terms"),
]
