from django.urls import path

from . import views_ingest

app_name = "hub"

# The reception (`api/reports/`, signed POST from the school portals) and the hub's pages; every view is
# wrapped by hub.access.hub_view, so they all answer 404 where HUB_ENABLED is off.
urlpatterns: list = []

# reception, campaigns, template (hubingest)
urlpatterns += [
    path("api/reports/", views_ingest.reception, name="reception"),
    path("template/", views_ingest.template_download, name="template"),
    path("upload/", views_ingest.upload, name="upload"),
    path("campaigns/", views_ingest.campaign_list, name="campaign_list"),
    path("campaigns/new/", views_ingest.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views_ingest.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views_ingest.campaign_edit, name="campaign_edit"),
]
