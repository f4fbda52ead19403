from django.urls import path

from . import views

app_name = "mentorship"

urlpatterns = [
    path("school/", views.school_detail, name="school"),
]
