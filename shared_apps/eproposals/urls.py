"""E-proposal pages on the portal host (namespace "eproposals", under /e-proposals/)."""

from django.urls import path

from shared_apps.eproposals import stats_views, views, views_actions, views_submit

app_name = "eproposals"

urlpatterns = [
    path("", views.eproposal_list, name="list"),
    path("rules/", views.rules, name="rules"),
    path("new/", views_submit.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("statistics/", stats_views.statistics, name="statistics"),
    path("<int:pk>/support/", views_actions.support, name="support"),
    path("<int:pk>/unsupport/", views_actions.unsupport, name="unsupport"),
    path("<int:pk>/withdraw/", views_actions.withdraw, name="withdraw"),
    path("<int:pk>/comments/", views_actions.comment_add, name="comment"),
    path(
        "<int:pk>/comments/<int:comment_id>/delete/",
        views_actions.comment_delete,
        name="comment_delete",
    ),
    path(
        "<int:pk>/comments/<int:comment_id>/report/",
        views_actions.comment_report,
        name="comment_report",
    ),
]
