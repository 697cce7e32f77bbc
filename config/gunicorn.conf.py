"""gunicorn's settings for Agora: `gunicorn -c config/gunicorn.conf.py` (README, "Deploying").

Each value can be changed from the environment. Sync workers: Django's views are synchronous, and a worker holds one
PostgreSQL connection (CONN_MAX_AGE), so workers x servers is the number of connections to plan for (a pooler such as
PgBouncer in front of PostgreSQL when there are many servers).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the app once in the master, then fork: less memory, and a broken deployment fails before it serves.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (bounded memory growth), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The reverse proxy's address: only its X-Forwarded-Proto is believed (Django's own TRUSTED_PROXIES setting decides
# which X-Forwarded-For hop is the visitor).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests are logged by the app itself, with their request id (serving.middleware.request_id); gunicorn's own
# messages go to standard error.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "agora"
