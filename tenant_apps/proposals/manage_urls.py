from django.urls import path

from tenant_apps.proposals import manage_views

urlpatterns = [
    path("", manage_views.manage_proposals, name="manage"),
    path("states/", manage_views.custom_states, name="states"),
    path("hand-over/", manage_views.proposals_hand_over, name="hand_over"),
    path("<int:proposal_id>/", manage_views.proposal_answer, name="answer"),
    path("<int:proposal_id>/evaluators/", manage_views.proposal_evaluators, name="evaluators"),
]
