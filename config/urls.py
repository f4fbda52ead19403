from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views as portal_views

admin.site.site_header = _("Mentoring: administration")
admin.site.site_title = _("Mentoring")
admin.site.index_title = _("Administration")

handler403 = "portal.views.permission_denied"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("health/", portal_views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(http_method_names=["get", "post", "head", "options"]),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Password reset by e-mail for staff (portal/passwords.py).
    path("accounts/password/reset/", portal_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(http_method_names=["get", "head"]),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(http_method_names=["get", "post", "head"]),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(http_method_names=["get", "head"]),
        name="password_reset_complete",
    ),
    # «Требуют внимания» (health): not /health/, the liveness probe.
    path("registry/attention/", include("health.urls")),
    path("registry/matching/", include("matching.urls")),
    path("registry/applications/", include("joining.urls_queue")),
    path("registry/", include("mentorship.urls")),
    path("notifications/", include("notifications.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("dashboard/", include("indicators.urls")),
    # The school's reports to its hub (exchange/): what was sent, when, and sending again.
    path("reports/hub/", include("exchange.urls")),
    path("reports/", include("reports.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("mentoring/join/", include("joining.urls")),
    path("mentoring/", include("public.urls")),
    # A participant's personal questionnaire link (no login; the token names no one: monitoring/links.py).
    path("q/", include("monitoring.link_urls")),
    path("api/v1/", include("api.urls")),
    path("calendar/", include("feeds.urls")),
    # Hub mode (hub/, HUB_ENABLED): the reception of the schools' signed reports and the roll-ups.
    path("hub/", include("hub.urls")),
    path("admin/", admin.site.urls),
]

# No route serves MEDIA_ROOT, not even with DEBUG: every uploaded file is private (config/storage.py)
# and is handed out only by a view that checks who asks.
