"""Test overrides: the same settings as production, made fast and deterministic."""

import os

# DEBUG stays off in the tests, so they need a key (base refuses to start without one); the processes
# the tests start (a Celery worker, manage.py) inherit it.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests queue tasks eagerly; the worker test switches to the real broker itself.
CELERY_TASK_ALWAYS_EAGER = True
TEST_BROKER_URL = env("CELERY_BROKER_URL", default="")
# The open API computes its figures on every request in the tests (tests/api/test_endpoints.py tests the cache).
API_CACHE_SECONDS = 0
# The hub's pages are tested in the same process as the school portal's.
HUB_ENABLED = True
