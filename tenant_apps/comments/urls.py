from django.urls import path

from tenant_apps.comments import views

app_name = "comments"

urlpatterns = [
    path(
        "comments/<int:component_id>/<slug:target_type>/<int:target_id>/",
        views.add,
        name="add",
    ),
    path("comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<int:comment_id>/vote/", views.vote, name="vote"),
]
