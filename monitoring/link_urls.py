"""The participant's personal link, mounted at /q/ (config/urls.py): no login, the token names no one."""

from django.urls import path

from . import campaign_views

urlpatterns = [
    path("done/", campaign_views.answer_done, name="answer_done"),
    path("<str:token>/", campaign_views.answer_by_link, name="answer_by_link"),
]
