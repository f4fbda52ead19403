"""The Redis cache, tolerant of Redis being down: the portal keeps serving pages without the cache.

Django's RedisCache raises when Redis does not answer, so the public page (the only cached page)
would fail with an error while the broker's Redis restarts. Here a read answers "not in the cache"
and a write does nothing, a counter answers None; a warning is logged at most once a minute per process.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
_WARN_EVERY = 60.0
_last_warning = [0.0]


def _warn(exc):
    now = time.monotonic()
    if now - _last_warning[0] >= _WARN_EVERY:
        _last_warning[0] = now
        logger.warning("The cache (Redis) is unavailable, pages are built without it: %s", exc)


def _tolerant(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except ERRORS as exc:
                _warn(exc)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


class TolerantRedisCache(RedisCache):
    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    add = _tolerant(False)(RedisCache.add)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant([])(RedisCache.set_many)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    incr = _tolerant(None)(RedisCache.incr)  # counters (the password reset throttle): None when Redis is down
    clear = _tolerant(False)(RedisCache.clear)
