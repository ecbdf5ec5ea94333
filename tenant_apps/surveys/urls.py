from django.urls import path

from tenant_apps.surveys import views

urlpatterns = [
    path("", views.survey_detail, name="detail"),
    path("answer/", views.survey_answer, name="answer"),
    path("thanks/", views.survey_thanks, name="thanks"),
    path("mine/", views.survey_mine, name="mine"),
    path("results/", views.survey_results, name="results"),
]
