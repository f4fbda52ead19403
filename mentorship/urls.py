from django.urls import include, path

from . import views

app_name = "mentorship"

urlpatterns = [
    path("school/", views.school_detail, name="school"),
    path("roster/", include("mentorship.roster.urls")),
]
