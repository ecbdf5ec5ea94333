"""URLs of the portal pages on the portal host (included by config/urls_public.py)."""

from django.urls import path

from shared_apps.portal import calendar, feeds, views

app_name = "portal"

urlpatterns = [
    path("processes/", views.entry_list, name="entries"),
    path("administrations/", views.directory, name="directory"),
    path("calendar/", calendar.city_calendar, name="calendar"),
    path("calendar.ics", calendar.city_calendar_ics, name="calendar_ics"),
    path("map/", views.entry_map, name="map"),
    path("feeds/new.atom", feeds.NewEntriesFeed(), name="feed_new"),
    path("feeds/open.atom", feeds.OpenEntriesFeed(), name="feed_open"),
]
