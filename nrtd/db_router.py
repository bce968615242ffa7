"""Public reads on a PostgreSQL read replica (``DATABASE_REPLICA_URL``).

The portal and the API's anonymous reads are most of the traffic and never write; with a
replica configured they read from the ``replica`` alias. Everything else stays on the
primary (``default``): every write, every request of a logged-in user or a token client
(who must read what they have just written), Celery's jobs and management commands. Which
requests are public reads is decided once, by ``nrtd.public_cache.AnonymousCacheMiddleware``
(``public_read``), the same test that decides what may be cached.
"""

from __future__ import annotations

from django.conf import settings

from nrtd.public_cache import public_read

REPLICA = "replica"


class PublicReadReplicaRouter:
    def db_for_read(self, model, **hints):
        if public_read.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either is the same row.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Migrations run on the primary; the replica follows by replication.
        return db == "default"
