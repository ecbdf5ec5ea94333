"""URLs of city-wide search on the portal host (config/urls_public.py mounts them)."""

from django.urls import path

from shared_apps.search import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
]
