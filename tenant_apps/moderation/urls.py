from django.urls import path

from tenant_apps.moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:type_name>/<int:object_id>/", views.report, name="report"),
]
