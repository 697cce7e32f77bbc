"""Django's Redis cache backend, with a clear() that removes only this site's keys.

Django's RedisCache.clear() empties the whole Redis database (FLUSHDB), which would also empty the cache of another
site, or of a developer's `make run`, sharing that database. Here it removes the keys under our KEY_PREFIX only.
"""

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(None, write=True)
        pattern = f"{self.key_prefix}:*" if self.key_prefix else "*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
