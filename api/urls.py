from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("kpi/", views.KpiView.as_view(), name="kpi"),
    path("kpi/years/", views.KpiByYearView.as_view(), name="kpi_years"),
    path("roadmap/occurrences/", views.RoadmapOccurrencesView.as_view(), name="roadmap_occurrences"),
    path("roadmap/execution/", views.RoadmapExecutionView.as_view(), name="roadmap_execution"),
    path("aggregates/", views.AggregatesView.as_view(), name="aggregates"),
    path("checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("registry/people/", views.RegistryPeopleView.as_view(), name="registry_people"),
    path("registry/pairs/", views.RegistryPairsView.as_view(), name="registry_pairs"),
    # The schema and its docs page are open: they describe the API and hold no data.
    path("schema/", login_not_required(views.SchemaView.as_view()), name="schema"),
    path("docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
