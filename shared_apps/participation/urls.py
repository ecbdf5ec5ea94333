from django.urls import path

from shared_apps.participation import views

app_name = "participation"

# Served on the portal host only (config/urls_public.py).
urlpatterns = [
    path("account/participation/", views.my_participation, name="mine"),
]
