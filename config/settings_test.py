"""Settings for the test suite: the real settings, served over plain HTTP, with a fast password hasher."""

import os

from .settings import *  # noqa: F403

HTTPS = SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Hashing with the production hasher costs ~0.3 s a password; tests make hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Live-server threads must not keep connections open, or the test database cannot be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests post several replies as one member within seconds; flood control's own tests turn it on.
AGORA_FLOOD_SECONDS = 0
AGORA_FLOOD_SECONDS_BY_GROUP = {}
# Tasks run in the test's own process, as soon as they are enqueued (after the transaction commits); one test
# (tests/test_notifications_worker.py) runs the real database backend and its worker process.
# A worker started by a test sets AGORA_TEST_TASKS=database to use the database backend like the site does.
if os.environ.get("AGORA_TEST_TASKS") != "database":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The cache: Redis when one answers (TEST_REDIS_URL, else the server of REDIS_URL or 127.0.0.1:6379), in database 15
# and under a key prefix named after the test database, so that a test run never touches a developer's `make run`
# cache (database 0, prefix "agora") nor another checkout's test run. Without Redis, each process's memory.
import socket  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402


def _test_redis_url():
    if os.environ.get("TEST_REDIS_URL"):  # noqa: F405
        return os.environ["TEST_REDIS_URL"]  # noqa: F405
    base = urlsplit(REDIS_URL or "redis://127.0.0.1:6379/0")  # noqa: F405
    try:
        socket.create_connection((base.hostname or "127.0.0.1", base.port or 6379), timeout=0.3).close()
    except OSError:
        return ""
    return base._replace(path="/15").geturl()


_redis = _test_redis_url()
# (TEST_CACHE_PREFIX: for servers that a test starts against its own test database and cache.)
_prefix = os.environ.get("TEST_CACHE_PREFIX") or f"test:{DATABASES['default']['NAME']}"  # noqa: F405
if _redis:
    CACHES = {"default": {"BACKEND": "serving.cache.PrefixedRedisCache", "LOCATION": _redis, "KEY_PREFIX": _prefix,
                          "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": _prefix}}
# Static files as they are in the sources (the hashed manifest is built by collectstatic, for production); the
# browser tests' live server serves them itself.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
LOG_FORMAT = "text"
LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405
