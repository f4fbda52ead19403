"""The Redis cache of production settings, with Redis down: pages are built without it."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from portal.cache import TolerantRedisCache

# Nothing listens on port 1 of loopback: the connection is refused at once, as with Redis stopped.
DOWN = "redis://127.0.0.1:1/0"


def test_with_redis_down_reads_miss_writes_do_nothing_and_one_warning_is_logged(caplog, monkeypatch):
    monkeypatch.setattr("portal.cache._last_warning", [-1e9])
    cache = TolerantRedisCache(DOWN, {"OPTIONS": {"socket_connect_timeout": 1}})
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert cache.get("page", "built anew") == "built anew"
        assert cache.set("page", "<html>", 300) is None
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("a", 1) is False
        assert cache.delete("a") is False
        assert cache.has_key("a") is False
        assert cache.incr("a") is None
    warnings = [r.getMessage() for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1 and warnings[0].startswith("The cache (Redis) is unavailable")


def test_production_settings_use_the_tolerant_cache_for_a_redis_address():
    code = "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c['OPTIONS'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "CACHE_URL": "rediscache://127.0.0.1:6379/1"}
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert output.startswith("portal.cache.TolerantRedisCache ")
    assert "'socket_connect_timeout': 1" in output


@pytest.mark.django_db
def test_the_public_page_answers_with_the_cache_down(client):
    with override_settings(CACHES={"default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": DOWN}}):
        response = client.get("/mentoring/")
    assert response.status_code == 200
    assert "Наставничество" in response.content.decode()


@pytest.mark.django_db
def test_the_password_reset_answers_with_the_cache_down(client):
    with override_settings(CACHES={"default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": DOWN}}):
        response = client.post("/accounts/password/reset/", {"email": "nobody@licey.example"})
    assert (response.status_code, response.url) == (302, "/accounts/password/reset/sent/")
