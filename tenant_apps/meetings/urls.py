from django.urls import path

from tenant_apps.meetings import views

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_propose, name="propose"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/register/", views.meeting_register, name="register"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:meeting_id>/registration/", views.my_registration, name="registration"),
    path("<int:meeting_id>/meeting.ics", views.meeting_ics, name="ical"),
]
