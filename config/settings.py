"""Agora settings: everything that differs between machines comes from the environment.

DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_BACKEND, DEFAULT_FROM_EMAIL, SITE_NAME (and more below).
Development defaults are safe: DEBUG is off unless asked for, and a missing SECRET_KEY is replaced by a random
one kept in var/secret_key (never a key written in the code).
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def local_secret_key():
    """A random key made once per checkout, for machines that set no SECRET_KEY."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = os.environ.get("SITE_NAME", "Agora")

INSTALLED_APPS = [
    "accounts.admin_site.AgoraAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_ratelimit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "forum",
    "editor",
    "guestposts",
    "ratings",
    "sharing",
    "recommendations",
    "moderation",
    "reactions",
    "attachments",
    "ipsimport",
    "safety",
    "boardsettings",
    "csp",
    "search",
    "activity",
    "follows",
    "notifications",
    "unread",
    "django_tasks",
    "django_tasks_db",
    "serving",
]

MIDDLEWARE = [
    "serving.middleware.request_id",
    "serving.middleware.health_check",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every response; see CONTENT_SECURITY_POLICY.
    "csp.middleware.CSPMiddleware",
    "safety.middleware.permissions_policy",
    # The board settings (boardsettings app) are read at most once per request.
    "boardsettings.middleware.read_once_per_request",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Guests' board pages from the shared cache (serving/pagecache.py); before anything that reads the session.
    "serving.middleware.GuestPageCache",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # NUL or bytes that are not UTF-8 in the path, query string or a form: the 400 page, before any view.
    "safety.middleware.RefuseMalformedInput",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAForStaff",
    "accounts.middleware.LastSeen",
    "moderation.middleware.sign_out_banned_members",
    # A member with a warning they have not read sees it (and "I understand") before any other page.
    "moderation.notice.warning_notice",
    "ipsimport.middleware.OldBoardLinks",
]

if not DEBUG:  # static files from WhiteNoise (runserver serves them itself under DEBUG)
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.context_processors.board",
                "moderation.context_processors.moderation",
                "serving.context_processors.no_token_on_cached_pages",
            ],
        },
    },
]

# Unset DATABASE_URL means the local server that `python -m config.localdb` would find first. Persistent connections
# only where a fixed number of processes holds them (gunicorn's workers): under DEBUG (runserver starts a thread, and
# so a connection, per request) every request closes its own, so a long spell of clicking cannot exhaust the server.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agora"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}

# The shared cache: rate limits, the guest sign-up anti-replay guard, the guest page cache, buffered view counts and
# last-seen times. Redis when REDIS_URL is set (`make run` sets it when a Redis answers on 127.0.0.1:6379); otherwise
# each process keeps its own memory cache, which is right only for a single development process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "agora")
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "serving.cache.PrefixedRedisCache",  # Django's RedisCache; clear() spares other sites
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }}
else:
    # Room for a few pages of cached posts (forum.fragments): the default 300 entries would evict them at every page.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": CACHE_KEY_PREFIX,
                          "OPTIONS": {"MAX_ENTRIES": 20_000}}}
# How long a guest page stays in the cache at most (writes replace it at once through versioned keys; this only bounds
# how stale the buffered view counts shown on it can be).
AGORA_GUEST_PAGE_SECONDS = int(os.environ.get("AGORA_GUEST_PAGE_SECONDS", "300"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.MemberBackend",
    "accounts.backends.GroupRoleBackend",  # permissions only: it signs nobody in
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's defaults, then the hashers of members imported from Invision Community (ipsimport): those verify the old
# hashes once and are replaced by the first hasher at the member's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "ipsimport.hashers.IPSBCryptPasswordHasher",
    "ipsimport.hashers.IPB3PasswordHasher",
]
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# django-allauth (65.x): sign in by username or email; the terms checkbox lives in accounts.forms.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.TermsSignupForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Posting needs a verified email address unless this is turned off.
AGORA_REQUIRE_VERIFIED_EMAIL_TO_POST = env_bool("AGORA_REQUIRE_VERIFIED_EMAIL_TO_POST", True)
# Banned members, emails and IP ranges cannot sign in or sign up (moderation.bans); look-alike names are refused.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's rate limits (login, failed logins, sign-up, password reset...) are left at its defaults: on.

# Two-factor authentication (allauth.mfa): offered to everyone, required for administrators and moderators
# before the admin and moderation pages open (accounts.middleware.RequireMFAForStaff).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_PASSKEY_LOGIN_ENABLED = False
AGORA_MFA_REQUIRED_PATHS = ["/admin/", "/mod/"]

# Post now, register later (guestposts).
AGORA_GUEST_POST_KEEP_DAYS = 14
AGORA_GUEST_POST_REMIND_AFTER_DAYS = 2
AGORA_GUEST_POSTS_PER_HOUR = int(os.environ.get("AGORA_GUEST_POSTS_PER_HOUR", "3"))
AGORA_GUEST_POSTS_PER_EMAIL = int(os.environ.get("AGORA_GUEST_POSTS_PER_EMAIL", "3"))
AGORA_GUEST_MIN_FILL_SECONDS = 3
# The browser tries up to this many SHA-256 hashes (half on average): well under a second on a phone.
AGORA_GUEST_POW_MAX_NUMBER = int(os.environ.get("AGORA_GUEST_POW_MAX_NUMBER", "50000"))

# The approval queue: a member's first N posts wait for a moderator (0: off); posts containing one of these words
# (comma-separated, case-insensitive), or a link from a member with fewer than AGORA_HOLD_LINKS_UNDER_POSTS posts,
# are held with the reason shown to moderators. Soft-deleted content is purged after AGORA_RECYCLE_BIN_DAYS.
# These, flood control, the guest limits and AGORA_REQUIRE_VERIFIED_EMAIL_TO_POST are only the first values of the
# board settings (boardsettings app), which administrators change at run time at /mod/settings/.
AGORA_APPROVE_FIRST_POSTS = int(os.environ.get("AGORA_APPROVE_FIRST_POSTS", "0"))
AGORA_HELD_WORDS = [w.strip() for w in os.environ.get("AGORA_HELD_WORDS", "").split(",") if w.strip()]
AGORA_HOLD_LINKS_UNDER_POSTS = int(os.environ.get("AGORA_HOLD_LINKS_UNDER_POSTS", "0"))
AGORA_RECYCLE_BIN_DAYS = int(os.environ.get("AGORA_RECYCLE_BIN_DAYS", "30"))
# Warnings (moderation.conduct): a member whose active (unexpired) warning points reach AGORA_WARNING_SUSPEND_POINTS
# is suspended for AGORA_WARNING_SUSPEND_DAYS days at once (0 points: never automatically). First values only: the
# board settings page (/mod/settings/, boardsettings) holds them once an administrator saves it.
AGORA_WARNING_SUSPEND_POINTS = int(os.environ.get("AGORA_WARNING_SUSPEND_POINTS", "10"))
AGORA_WARNING_SUSPEND_DAYS = int(os.environ.get("AGORA_WARNING_SUSPEND_DAYS", "7"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Static files: hashed names, compressed copies, served by WhiteNoise with a year's cache headers (collectstatic
# builds them; DEBUG serves the sources as they are). Uploads: local files served by serving.views.media (or by the
# reverse proxy, README "Deploying"), or S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # django-storages reads AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID,
    # AWS_SECRET_ACCESS_KEY... from its own settings; these come from the environment.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "default_acl": None,
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000", "ContentDisposition": "inline"},
    }}
WHITENOISE_MAX_AGE = 365 * 24 * 3600


def _media_origins():
    """Where the board's own images (avatars, uploads) are served from when that is not the site itself: the S3
    bucket's address, and any origin listed in AGORA_MEDIA_ORIGINS (e.g. a CDN in front of /media/)."""
    origins = env_list("AGORA_MEDIA_ORIGINS", [])
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME")
    if bucket:
        if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
            origins.append(f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN'].strip('/')}")
        elif os.environ.get("AWS_S3_ENDPOINT_URL"):
            endpoint = urlsplit(os.environ["AWS_S3_ENDPOINT_URL"])
            origins += [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
        else:
            region = os.environ.get("AWS_S3_REGION_NAME")
            origins += [f"https://{bucket}.s3.amazonaws.com"] + (
                [f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])
    return list(dict.fromkeys(o.rstrip("/") for o in origins if o))


AGORA_MEDIA_ORIGINS = _media_origins()

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Agora <noreply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))

# A post may be up to this many characters of HTML; the request limit sits above it so that an oversized post
# reaches the form (and gets a form error that keeps the text) instead of a bare 400.
AGORA_POST_MAX_LENGTH = int(os.environ.get("AGORA_POST_MAX_LENGTH", "100000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
AGORA_POSTS_PER_PAGE = int(os.environ.get("AGORA_POSTS_PER_PAGE", "25"))
AGORA_TOPICS_PER_PAGE = 25
# "Create short link": how many each visitor (member, or guest by IP address) may ask for, per django-ratelimit
# rate ("30/10m" is 30 per 10 minutes). Counted in the default cache, which must be shared between processes
# (Redis or Memcached) when more than one serves the site.
AGORA_SHORT_LINK_RATE = os.environ.get("AGORA_SHORT_LINK_RATE", "30/10m")
# Flood control, as on Invision boards: the seconds a member waits between two posts, by member group
# (AGORA_FLOOD_SECONDS_BY_GROUP="Members=15,Moderators=0"); groups not listed wait AGORA_FLOOD_SECONDS. 0: no wait.
# (The first values of the board settings: administrators change them at /mod/settings/, boardsettings app.)
AGORA_FLOOD_SECONDS = int(os.environ.get("AGORA_FLOOD_SECONDS", "15"))
AGORA_FLOOD_SECONDS_BY_GROUP = {
    name.strip(): int(seconds) for name, _sep, seconds in (
        item.partition("=") for item in env_list("AGORA_FLOOD_SECONDS_BY_GROUP", ["Administrators=0", "Moderators=0"]))
}
# Rate limits per member (or guest address), as django-ratelimit rates: ratings, reports, and the editor's drafts
# (it autosaves every few seconds while someone types).
AGORA_RATING_RATE = os.environ.get("AGORA_RATING_RATE", "30/10m")
AGORA_REPORT_RATE = os.environ.get("AGORA_REPORT_RATE", "10/h")
AGORA_DRAFT_RATE = os.environ.get("AGORA_DRAFT_RATE", "60/m")
# Search (search app): how many searches each visitor (member, or guest by IP address) may run, per django-ratelimit
# rate, counted in the default cache like AGORA_SHORT_LINK_RATE; results per page, and where counting stops.
AGORA_SEARCH_RATE = os.environ.get("AGORA_SEARCH_RATE", "30/m")
AGORA_SEARCH_PER_PAGE = 20
AGORA_SEARCH_MAX_RESULTS = 1000
# Up to this many matching posts, a search reads them all from the index; past it, it walks the newest posts instead.
AGORA_SEARCH_SPARSE = 5000
# The guests' "Important Information" notice stays dismissed while this cookie is set.
AGORA_NOTICE_COOKIE = "agora_notice_dismissed"

# Served over HTTPS unless DEBUG is on or HTTPS=0: then `check --deploy` is clean with the defaults.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Subdomains and the preload list are the site owner's commitment, not a default we can make for them.
# django-ratelimit warns about any backend it has not listed: Django's own RedisCache increments atomically (INCR).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021", "django_ratelimit.W001"]
if not REDIS_URL:
    # Without Redis each process has its own memory cache: right for one development process (make run says so);
    # `check --deploy` refuses it (serving.E001) rather than every management command.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
# When X-Forwarded-For is believed (forum/http.py client_ip): a count of proxy hops in front of the site ("1"), or
# the proxies' networks ("10.0.0.0/8,127.0.0.1"); empty: never, the client is REMOTE_ADDR. Bans, rate limits, guest
# posting limits and the moderation log all use that one address.
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")
RATELIMIT_IP_META_KEY = "forum.http.client_ip"  # django-ratelimit's key="ip" / "user_or_ip" ask the same function
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A strict Content-Security-Policy (django-csp 4; Django 5.2 has none built in). The board has no inline script or
# style at all, so pages need no nonce and stay cacheable for everyone (a cached nonce would be a known nonce):
# NONCE is listed so that a template that truly needs one can ask for {{ request.csp_nonce }}, and django-csp adds
# it to the header only on responses that used it. Players load from the two privacy-friendly video hosts only.
# img-src is the board itself (and where its media are stored, AGORA_MEDIA_ORIGINS), data: (icons) and blob: (a
# file's preview before it is uploaded): no other host. An image from another host is never fetched by a page: readers
# see it as a link (forum.content.render_external_images; following it opens the image as a page of its own, which
# img-src does not govern), and the editor shows the same kind of placeholder instead of a preview.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'", csp_constants.NONCE],
        "img-src": ["'self'", "data:", "blob:", *AGORA_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": VIDEO_PLAYER_ORIGINS,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the board never uses are turned off; the video players may play, go full screen and
# picture-in-picture; two-factor security keys (WebAuthn), copying and sharing work on the board's own pages.
_PLAYERS = " ".join(f'"{origin}"' for origin in VIDEO_PLAYER_ORIGINS)
PERMISSIONS_POLICY = ", ".join([
    *(f"{feature}=()" for feature in ["accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
                                      "magnetometer", "microphone", "midi", "payment", "usb", "serial", "hid",
                                      "screen-wake-lock", "xr-spatial-tracking", "browsing-topics"]),
    *(f"{feature}=(self {_PLAYERS})" for feature in ["autoplay", "fullscreen", "picture-in-picture",
                                                      "encrypted-media"]),
    *(f"{feature}=(self)" for feature in ["publickey-credentials-get", "publickey-credentials-create",
                                          "clipboard-write"]),
])

# Logs go to standard error, one line per event; LOG_FORMAT=json (the default when DEBUG is off) makes each a JSON
# object with the request's id (X-Request-ID from the proxy, or made here) for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "serving.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "serving.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request from serving.middleware.request_id (method, path, status, milliseconds).
        "agora.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "WARNING" if DEBUG else "INFO")},
    },
}

# Attachments (attachments/): the kinds members may attach, checked by content (images decoded with Pillow, PDFs and
# archives by signature, text as UTF-8): any of jpg, png, gif, webp, pdf, zip, gz, 7z, txt. Who may upload and
# download is the forum permission grid's; how much, the member group's quota. The largest file anyone may send
# (AGORA_UPLOAD_MAX_BYTES) caps every group's per-file limit. Uploads no post refers to go after
# AGORA_ATTACHMENT_ORPHAN_HOURS (manage.py attachments_daily).
AGORA_ATTACHMENT_TYPES = [t.strip().lower() for t in os.environ.get(
    "AGORA_ATTACHMENT_TYPES", "jpg,png,gif,webp,pdf,zip,txt").split(",") if t.strip()]
# Old Invision Community addresses answered with a 301 to the imported page (ipsimport.middleware): the old board's
# base URLs, comma-separated, e.g. "https://old.example/" (its own host) or "https://agora.example/forums/" (a path
# on Agora's host). Empty: the middleware does nothing.
AGORA_IPS_OLD_ADDRESSES = env_list("AGORA_IPS_OLD_ADDRESSES", [])

# Images uploaded from the editor (editor/services.py): checked by decoding them with Pillow.
AGORA_UPLOAD_MAX_BYTES = int(os.environ.get("AGORA_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
AGORA_UPLOAD_MAX_PIXELS = 40_000_000
# An animated image costs every frame: a budget on the frames and on the pixels of all frames, checked before decoding.
AGORA_UPLOAD_MAX_FRAMES = int(os.environ.get("AGORA_UPLOAD_MAX_FRAMES", "300"))
AGORA_UPLOAD_MAX_TOTAL_PIXELS = int(os.environ.get("AGORA_UPLOAD_MAX_TOTAL_PIXELS", "60000000"))
AGORA_ATTACHMENT_ORPHAN_HOURS = int(os.environ.get("AGORA_ATTACHMENT_ORPHAN_HOURS", "24"))
# Drafts are saved by the editor every few seconds; this is the longest draft kept.
AGORA_DRAFT_MAX_LENGTH = 200_000

# Work done outside the request (notifications app): django-tasks with its database backend, run by
# `python manage.py db_worker` (make run starts it beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Links in emails sent by the worker (no request to take the address from): the site's public address.
AGORA_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# A post published more than this many days after it was written (an import, backdated demo content) notifies nobody.
AGORA_NOTIFY_MAX_AGE_DAYS = int(os.environ.get("AGORA_NOTIFY_MAX_AGE_DAYS", "7"))
