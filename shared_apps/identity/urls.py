from django.urls import path

from shared_apps.identity import eid_views, views

app_name = "identity"

# Served on the portal host (config/urls_public.py): city-wide verifications.
urlpatterns = [
    path("account/verifications/", views.verification_list, name="list"),
    path(
        "account/verifications/<int:verification_id>/remove/",
        views.verification_remove,
        name="remove",
    ),
    path("account/verify/postal-code/", views.postal_code, name="postal_code"),
    path("account/verify/eid/", eid_views.start, name="eid_start"),
    path("account/verify/eid/callback/", eid_views.callback, name="eid_callback"),
]
