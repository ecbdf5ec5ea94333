"""The tenant's API under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from tenant_apps.spaces.api import ProcessViewSet

router = SimpleRouter()
router.register("processes", ProcessViewSet, basename="process")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *router.urls,
]
