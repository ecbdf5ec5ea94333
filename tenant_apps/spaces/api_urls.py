"""The tenant's API under /api/: /api/v1/…, the OpenAPI schema at /api/schema/ and the
docs at /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from shared_apps.portal import api_docs
from tenant_apps.budgets.api import ProjectViewSet
from tenant_apps.proposals.api import ProposalViewSet
from tenant_apps.spaces.api import ProcessViewSet

router = SimpleRouter()
router.register("processes", ProcessViewSet, basename="process")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("projects", ProjectViewSet, basename="project")

app_name = "api"
urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(
            urlconf=api_docs.TENANT_URLCONF, custom_settings=api_docs.TENANT_SETTINGS
        ),
        name="schema",
    ),
    path("docs/", api_docs.docs, name="docs"),
    path("v1/", include(router.urls)),
]
