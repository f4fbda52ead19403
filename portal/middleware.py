"""Answers with personal data are never kept by a browser or a proxy.

Every page that needs a login (the registry, plans, dashboards and their exports, reports, acts, the
curators' pages) shows or hands out personal data, so its answer gets `Cache-Control: no-store, private`
unless the view set a Cache-Control of its own. One rule for every view, present and future: a view is
public only if it is marked `login_not_required` (the LoginRequiredMiddleware's own marker), and those
(the public page /mentoring/, health, login) keep their own caching, as do static files (WhiteNoise
answers them before this middleware).
"""

from django.utils.cache import patch_cache_control


def is_public_view(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and not getattr(match.func, "login_required", True)


class PrivatePagesNotStoredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not is_public_view(request):
            patch_cache_control(response, no_store=True, private=True)
        return response
