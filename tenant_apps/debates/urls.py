from django.urls import path

from tenant_apps.debates import views

urlpatterns = [
    path("", views.debate_list, name="list"),
    path("<int:debate_id>/", views.debate_detail, name="detail"),
]
