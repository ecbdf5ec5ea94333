from django.urls import path

from tenant_apps.surveys import manage_views

urlpatterns = [
    path("", manage_views.survey_manage, name="manage"),
    path("questions/new/", manage_views.question_add, name="question_add"),
    path("questions/<int:question_id>/", manage_views.question_edit, name="question_edit"),
    path("questions/<int:question_id>/do/", manage_views.question_action, name="question_action"),
    path("results/", manage_views.survey_results, name="results"),
    path("results.csv", manage_views.survey_export, name="export"),
    path("files/<uuid:answer_id>/", manage_views.answer_file, name="file"),
]
