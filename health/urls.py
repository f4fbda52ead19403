from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("", views.attention, name="attention"),
    path("refresh/", views.refresh, name="refresh"),
]
