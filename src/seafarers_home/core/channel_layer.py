"""The Redis channel layer with a bounded connection pool that waits (issue 20 items 1 and 8).

channels-redis makes one redis-py pool per event loop (one per server process) with redis-py's
plain pool: at most 100 connections, and the 101st asked for at the same moment raises
``MaxConnectionsError`` at once. The load test opened a few hundred idle notification sockets
at once beside the page traffic: their ``group_add`` calls ran out of the pool together and
uvicorn logged "Exception in ASGI application". Here the pool is redis-py's blocking pool:
``CHANNEL_REDIS_MAX_CONNECTIONS`` connections per process (sized against Redis' ``maxclients``,
README "Connections and load"), and a caller past them waits up to
``CHANNEL_REDIS_POOL_TIMEOUT`` seconds for one to come back — a burst of handshakes queues
for a millisecond's work each instead of failing — before redis-py raises its
``ConnectionError``, which ``core/socket_busy.py`` answers "busy" (503 / close 1013).
"""

from __future__ import annotations

from typing import Any

from channels_redis.core import RedisChannelLayer
from redis.asyncio import BlockingConnectionPool


class BoundedRedisChannelLayer(RedisChannelLayer):
    """``hosts`` entries are dicts with ``address`` (a redis:// URL), ``max_connections`` and
    ``timeout`` (the wait for a free connection), plus any redis-py connection option."""

    def create_pool(self, index: int) -> BlockingConnectionPool:
        host: dict[str, Any] = dict(self.hosts[index])
        return BlockingConnectionPool.from_url(host.pop("address"), **host)
