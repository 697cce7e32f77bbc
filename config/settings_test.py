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
