from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("<slug:code>/", views.drilldown, name="drilldown"),
    path("<slug:code>/export/", views.drilldown_export, name="drilldown_export"),
]
