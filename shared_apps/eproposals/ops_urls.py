"""The city officers' e-proposal pages on the portal host, under /ops/e-proposals/
(namespace "eproposals_ops"). Included before tenants.ops_urls in config/urls_public.py."""

from django.urls import path

from shared_apps.eproposals import ops_views

app_name = "eproposals_ops"

urlpatterns = [
    path("", ops_views.queue, name="queue"),
    path("settings/", ops_views.settings_page, name="settings"),
    path("settings/rules/", ops_views.rule_add, name="rule_add"),
    path("settings/rules/<int:pk>/delete/", ops_views.rule_delete, name="rule_delete"),
    path("settings/deadlines/", ops_views.deadline_set, name="deadline_set"),
    path("settings/deadlines/<int:pk>/delete/", ops_views.deadline_delete, name="deadline_delete"),
    path("officers/", ops_views.officers, name="officers"),
    path("officers/<int:pk>/revoke/", ops_views.officer_revoke, name="officer_revoke"),
    path("comments/<int:pk>/hide/", ops_views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/restore/", ops_views.comment_restore, name="comment_restore"),
    path("<int:pk>/", ops_views.review, name="review"),
    path("<int:pk>/publish/", ops_views.publish, name="publish"),
    path("<int:pk>/decline/", ops_views.decline, name="decline"),
    path("<int:pk>/route/", ops_views.route, name="route"),
]
