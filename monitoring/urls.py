from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    # Growth, SWOT (issue 18, analysis).
    path("growth/", views.growth, name="growth"),
    path("swot/", views.swot, name="swot"),
]
