from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("", views.table, name="table"),
    path("timeline/", views.timeline, name="timeline"),
    path("export.xlsx", views.export, name="export"),
    path("edit/", views.programme_update, name="programme_update"),
    path("periods/new/", views.programme_create, name="programme_create"),
    path("sections/new/", views.section_create, name="section_create"),
    path("sections/<int:pk>/edit/", views.section_update, name="section_update"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("occurrences/<int:pk>/status/", views.occurrence_update, name="occurrence_update"),
    path("occurrences/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
