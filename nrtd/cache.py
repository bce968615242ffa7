"""A Redis cache that keeps the site answering while Redis is down.

Throttling (DRF), registration limits and facet counts read and write the cache on requests
that have nothing to do with Redis: with Django's RedisCache, Redis stopped turns each of
them into a 500. This cache answers from this process's memory instead, for a few seconds
at a time before it tries Redis again, so the limits still hold per process and the pages
still answer. The short socket timeouts in settings keep a Redis that does not answer at all
from holding requests.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Seconds to use memory alone after Redis failed, before trying Redis again.
RETRY_AFTER = 5.0

_DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._memory = LocMemCache(f"redis-fallback-{id(self)}", params)
        self._down_until = 0.0

    @property
    def redis_down(self) -> bool:
        return time.monotonic() < self._down_until


def _with_fallback(name: str):
    def method(self, *args, **kwargs):
        if not self.redis_down:
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except _DOWN as exc:
                if not self.redis_down:
                    logger.warning(
                        "cache: Redis does not answer (%s); using this process's memory", exc
                    )
                self._down_until = time.monotonic() + RETRY_AFTER
        return getattr(self._memory, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FallbackRedisCache, _name, _with_fallback(_name))
