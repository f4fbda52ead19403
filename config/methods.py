"""The HTTP methods the portal answers: GET, HEAD and POST; anything else gets 405, whoever asks.

One middleware, so no view can forget it: a PUT, PATCH, DELETE, OPTIONS, TRACE or made-up method never
reaches a view (Django's function views would otherwise answer it like GET). It runs before the login
check, so an anonymous request gets the same 405. Views that take fewer methods say so themselves
(`require_POST`, `require_safe`), and the POST answers of every URL are declared in
tests/portal/test_access_matrix_post.py.
"""

from django.http import HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
