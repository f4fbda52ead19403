"""The HTTP methods the portal answers: GET, HEAD and POST; anything else gets 405, whoever asks.

One middleware, so no view can forget it: a PUT, PATCH, DELETE, OPTIONS, TRACE or made-up method never
reaches a view (Django's function views would otherwise answer it like GET). It runs before the login
check, so an anonymous request gets the same 405. Views that take fewer methods say so themselves
(`require_POST`, `require_safe`), and the POST answers of every URL are declared in
tests/portal/test_access_matrix_post.py.

A path prefix may answer fewer methods (`METHODS_BY_PREFIX`): the open API under /api/ reads only, so
its every URL answers GET and HEAD and refuses POST with the same 405 (api/, docs/api.md).
"""

from django.http import HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST")
READ_ONLY_METHODS = ("GET", "HEAD")
# The longest matching prefix decides; a path under none of them answers ALLOWED_METHODS.
METHODS_BY_PREFIX = {"/api/": READ_ONLY_METHODS}


def allowed_methods(path: str) -> tuple[str, ...]:
    """The methods the portal answers at `path`."""
    for prefix in sorted(METHODS_BY_PREFIX, key=len, reverse=True):
        if path.startswith(prefix):
            return METHODS_BY_PREFIX[prefix]
    return ALLOWED_METHODS


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = allowed_methods(request.path_info)
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)
