from django.urls import path

from . import views, views_ingest

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

# dashboards, drill-down, summary, exports (hubviews)
# Keep this block last: `<code>/` (an organisation's code) takes any one path segment, so fixed
# prefixes must come before it.
urlpatterns += [
    path("", views.dashboard, name="dashboard"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/report.json", views.report_json, name="report_json"),
    path("<str:code>/", views.dashboard, name="organisation"),
    path("<str:code>/checklist/", views.checklist, name="checklist"),
    path("<str:code>/missing/", views.missing, name="missing"),
    path("<str:code>/summary.pdf", views.summary, name="summary"),
    path("<str:code>/export.xlsx", views.export, name="export"),
]
