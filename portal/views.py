from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import health_status
from .navigation import navigation_for
from .passwords import (
    EMAIL_TEMPLATE,
    SUBJECT_TEMPLATE,
    StaffPasswordResetForm,
    reset_address_allowed,
    reset_ip_allowed,
)
from .roles import user_roles


@require_safe
@login_not_required
@never_cache
def health(request):
    ok, report = health_status()
    return JsonResponse({"status": "ok" if ok else "error", "checks": report}, status=200 if ok else 503)


@require_safe
def home(request):
    if not user_roles(request.user):
        return render(request, "portal/no_access.html", status=403)
    items = navigation_for(request.user)
    for item in items:
        if item.home:
            return redirect(item.url)
    return render(request, "portal/home.html", {"items": items})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


class PasswordResetView(auth_views.PasswordResetView):
    """«Забыли пароль?»: the same answer for any address; throttled per address and per IP (portal/passwords.py)."""

    form_class = StaffPasswordResetForm
    email_template_name = EMAIL_TEMPLATE
    subject_template_name = SUBJECT_TEMPLATE
    success_url = reverse_lazy("password_reset_done")
    http_method_names = ["get", "post", "head"]

    def form_valid(self, form):
        if not reset_ip_allowed(self.request):
            form.add_error(None, _("Too many password reset requests from this computer. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not reset_address_allowed(form.cleaned_data["email"]):
            # Over the limit for this address: nothing is sent, and the answer is the same as ever.
            return redirect(self.get_success_url())
        return super().form_valid(form)  # the form queues the letters (portal/passwords.py)
