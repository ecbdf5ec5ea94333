from django.urls import path

from tenant_apps.news import views

urlpatterns = [
    path("", views.manage_posts, name="manage"),
    path("new/", views.post_edit, name="add"),
    path("<int:post_id>/", views.post_edit, name="edit"),
    path("<int:post_id>/delete/", views.post_delete, name="delete"),
]
