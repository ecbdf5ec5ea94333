"""The responsible tenant's e-proposal pages on its own host, under /manage/e-proposals/
(namespace "eproposals_manage"). Included in config/urls_tenants.py."""

from django.urls import path

from shared_apps.eproposals import manage_views

app_name = "eproposals_manage"

urlpatterns = [
    path("", manage_views.queue, name="queue"),
    path("<int:pk>/", manage_views.detail, name="detail"),
    path("<int:pk>/receive/", manage_views.receive, name="receive"),
    path("<int:pk>/investigate/", manage_views.investigate, name="investigate"),
    path("<int:pk>/decide/", manage_views.decide, name="decide"),
    path("<int:pk>/follow-up/", manage_views.follow_up, name="follow_up"),
    path("<int:pk>/carried-out/", manage_views.carried_out, name="carried_out"),
]
