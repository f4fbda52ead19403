from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("", views.page, name="page"),
    path("link/", views.issue, name="issue"),
    path("link/revoke/", views.revoke, name="revoke"),
    # The secret link: a random token, nothing personal (only its digest is stored).
    path("feed/<str:token>/", views.feed, name="feed"),
]
