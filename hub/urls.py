from django.urls import path  # noqa: F401

app_name = "hub"

# The reception (`api/reports/`, signed POST from the school portals) and the hub's pages; every view is
# wrapped by hub.access.hub_view, so they all answer 404 where HUB_ENABLED is off.
urlpatterns: list = []
