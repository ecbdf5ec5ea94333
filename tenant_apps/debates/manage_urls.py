"""Staff pages of a debates component, under /manage/<space>/debates/<id>/ (namespace
"manage:debates")."""

from django.urls import path

from tenant_apps.debates import manage_views as views

D = "<int:debate_id>/"

urlpatterns = [
    path("", views.manage_debates, name="manage"),
    path("new/", views.debate_add, name="add"),
    path(D, views.debate_edit, name="edit"),
    path(f"{D}publish/", views.debate_publish, name="publish"),
    path(f"{D}move/", views.debate_move, name="move"),
    path(f"{D}delete/", views.debate_delete, name="delete"),
    path(f"{D}close/", views.debate_close, name="close"),
    path(f"{D}reopen/", views.debate_reopen, name="reopen"),
]
