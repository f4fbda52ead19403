"""With a shared cache (Redis) and the API's cache on, an active token is kept briefly in the cache (no query
per request); revoking it still refuses it at once, an unknown key is never kept, the last use is written
once a minute; with each process's own cache (local memory) no token is kept."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import Token
from api.services import token_cache_seconds, token_revoke


@pytest.fixture
def cached(settings, monkeypatch):
    """The test's local-memory cache taken for a shared one (the decision, not the cache, is patched)."""
    cache.clear()
    settings.API_CACHE_SECONDS = 60
    for module in ("api.selectors", "api.services"):
        monkeypatch.setattr(f"{module}.token_cache_seconds", lambda: 10)
    yield
    cache.clear()


def _token_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("api:kpi"))
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if '"api_token"' in q["sql"]]


def test_an_active_token_is_read_once_then_kept_in_the_cache(make_token, cached):
    _token, key = make_token()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    first = _token_queries(client)
    second = _token_queries(client)

    assert any(sql.startswith("SELECT") for sql in first)
    assert second == []  # neither the lookup nor the last use (written once a minute)


def test_a_kept_token_revoked_is_refused_at_once(make_token, cached):
    token, key = make_token()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(reverse("api:kpi")).status_code == 200

    token_revoke(token=Token.objects.get(pk=token.pk))

    response = client.get(reverse("api:kpi"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Токен не найден или отозван."}


def test_an_unknown_key_is_not_kept(db, cached):
    client = Client(HTTP_AUTHORIZATION="Bearer nst_not-a-token")
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("api:kpi")).status_code == 401
        assert any('"api_token"' in q["sql"] for q in captured.captured_queries)


def test_without_the_api_cache_every_request_reads_the_token(make_token, settings):
    settings.API_CACHE_SECONDS = 0
    _token, key = make_token()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    _token_queries(client)
    assert _token_queries(client)


def test_a_cache_of_each_process_keeps_no_token(settings):
    settings.API_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert token_cache_seconds() == 0
    settings.CACHES = {"default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": "redis://x"}}
    assert token_cache_seconds() == 10
    settings.API_CACHE_SECONDS = 0
    assert token_cache_seconds() == 0
