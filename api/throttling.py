"""Requests per token within a window (DRF's throttling on the default cache): API_RATE_LIMIT, e.g. "600/min".

The cache is Redis in production (shared by every gunicorn worker); with the embedded local-memory cache
each process counts its own requests.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import Token


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def allow_request(self, request, view):
        # The rate is read on every request, so a changed setting (tests, a restart) applies at once.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, Token):
            return f"api-throttle-{request.auth.digest}"
        return None
