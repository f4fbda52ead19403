"""Included by mentorship/urls.py under «roster/», inside the `mentorship` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_journal, name="import_journal"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("import/template/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("export/<str:kind>.xlsx", views.roster_export, name="roster_export"),
]
