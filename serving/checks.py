from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """In production the cache must be shared by every process: rate limits, the anti-replay guard, the guest page
    cache and the buffered counters live there."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [checks.Error("The cache is each process's own memory.", hint="Set REDIS_URL to a Redis server.",
                             id="serving.E001")]
    return []
