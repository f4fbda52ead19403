from django.urls import path

from . import views

app_name = "joining"

# Public, under /mentoring/join/: no number and nothing personal in any of these addresses.
urlpatterns = [
    path("mentee/", views.apply_mentee, name="apply_mentee"),
    path("mentor/", views.apply_mentor, name="apply_mentor"),
    path("thanks/", views.thanks, name="thanks"),
]
