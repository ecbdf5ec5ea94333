from django.urls import path

from tenant_apps.pages import views

urlpatterns = [path("", views.page_detail, name="detail")]
