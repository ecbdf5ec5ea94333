from django.urls import path

from tenant_apps.proposals import views

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_new, name="new"),
    path("<int:proposal_id>/", views.proposal_detail, name="detail"),
    path("<int:proposal_id>/edit/", views.proposal_edit, name="edit"),
    path("<int:proposal_id>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("<int:proposal_id>/support/", views.proposal_support, name="support"),
    path("<int:proposal_id>/like/", views.proposal_like, name="like"),
]
