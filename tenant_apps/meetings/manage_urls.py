from django.urls import path

from tenant_apps.meetings import manage_views

urlpatterns = [
    path("", manage_views.manage_meetings, name="manage"),
    path("new/", manage_views.meeting_add, name="add"),
    path("<int:meeting_id>/", manage_views.meeting_edit, name="edit"),
    path("<int:meeting_id>/agenda/", manage_views.meeting_agenda, name="agenda"),
    path(
        "<int:meeting_id>/registrations/",
        manage_views.meeting_registrations,
        name="registrations",
    ),
    path(
        "<int:meeting_id>/registrations.csv",
        manage_views.registrations_csv,
        name="registrations_csv",
    ),
    path("<int:meeting_id>/check-in/", manage_views.meeting_check_in, name="check_in"),
    path("<int:meeting_id>/report/", manage_views.meeting_report, name="report"),
    path("<int:meeting_id>/questions/", manage_views.meeting_questions, name="questions"),
    path(
        "<int:meeting_id>/questions/new/",
        manage_views.meeting_question_add,
        name="question_add",
    ),
    path(
        "<int:meeting_id>/questions/<int:question_id>/",
        manage_views.meeting_question_edit,
        name="question_edit",
    ),
    path(
        "<int:meeting_id>/questions/<int:question_id>/do/",
        manage_views.meeting_question_action,
        name="question_action",
    ),
]
