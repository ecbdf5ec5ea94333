"""The portal's API under /api/ on the city's domain: /api/v1/…, the OpenAPI schema at
/api/schema/ and the docs at /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from shared_apps.eproposals import api as eproposals_api
from shared_apps.portal import api, api_docs

router = SimpleRouter()
router.register("tenants", api.TenantViewSet, basename="tenant")
router.register("processes", api.ProcessViewSet, basename="process")
router.register("calls", api.CallViewSet, basename="call")
router.register("votes", api.VoteViewSet, basename="vote")
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("e-proposals", eproposals_api.EProposalViewSet, basename="eproposal")

app_name = "api"
urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(urlconf=api_docs.URLCONF, custom_settings=api_docs.SETTINGS),
        name="schema",
    ),
    path("docs/", api_docs.docs, name="docs"),
    path("v1/search/", api.SearchView.as_view(), name="search"),
    path(
        "v1/e-proposals/statistics/",
        eproposals_api.StatisticsView.as_view(),
        name="eproposal-statistics",
    ),
    path("v1/", include(router.urls)),
]
