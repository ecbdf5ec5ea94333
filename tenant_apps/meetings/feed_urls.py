"""The tenant-wide meetings feed, at /meetings.ics on every tenant host."""

from django.urls import path

from tenant_apps.meetings import views

app_name = "meetings_feed"

urlpatterns = [path("meetings.ics", views.tenant_feed, name="feed")]
