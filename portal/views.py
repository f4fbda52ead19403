from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import health_status
from .navigation import navigation_for
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
