from django.urls import path

from tenant_apps.verification import views

app_name = "verification"

urlpatterns = [
    path("take-part/<int:component_id>/<slug:action>/", views.needed, name="needed"),
    path("verify/code/", views.redeem, name="redeem_code"),
]
