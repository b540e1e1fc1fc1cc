"""
Settings for Expo Directory, read from the environment.

Zero configuration gives a development site on SQLite (``make run`` sets ``DEBUG=1``).
Production sets ``DEBUG=0`` (or leaves it unset), a real ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
``DATABASE_URL``; see docs/deployment.md.
"""

import datetime
import os
import re
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def secret_key_weakness(key):
    """Why ``key`` is too weak to sign sessions in production, or "" if it is fine.

    The same bar as Django's deployment check (security.W009): at least 50 characters, at least 5
    different ones, and not one of the ``django-insecure-`` keys that startproject generates.
    """
    if not key:
        return "it is not set"
    if key.startswith("django-insecure"):
        return "it starts with 'django-insecure', the prefix of generated development keys"
    if len(key) < 50:
        return f"it is {len(key)} character{'s' if len(key) != 1 else ''} long, shorter than 50"
    if len(set(key)) < 5:
        return "it has fewer than 5 different characters"
    return ""


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and (weakness := secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: {weakness}. Set SECRET_KEY in the environment to "
        "a random value of at least 50 characters (for example the output of "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`), or set DEBUG=1 for '
        "local development (`make test` sets a long test key of its own)."
    )
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public origin (scheme and host, no path), e.g. https://expo.example.org. Canonical links,
# OpenGraph and JSON-LD URLs, sitemap.xml and robots.txt use it; unset, they use the request's own.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be a scheme and host such as https://expo.example.org, not {SITE_URL!r}."
    )

INSTALLED_APPS = [
    # Translated columns (<field>_en, _zh_hans, _ru); before the admin, which it extends.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "csp",
    "axes",
    # The house, floor by floor from the ground up: each app imports only the ones above it here.
    "core",
    "exhibitions",
    "pavilions",
    "exhibitors",
    "programme",
    "visits",
    "datafiles",
    "expo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.PublicMethodsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come precompressed and never reach it) and above the page
    # cache, so the cache stores pages uncompressed and each answer, cached or not, is compressed
    # for its own client's Accept-Encoding (core/compression.py; GZIP_CONTENT_TYPES below).
    "core.compression.CompressionMiddleware",
    # A first visit to / from a browser preferring Chinese or Russian goes to that home page
    # (core/languages.py); before the page cache, which would answer with the English one.
    "core.languages.FirstVisitLanguageMiddleware",
    # With read replicas (DATABASE_REPLICA_URLS) marks the public reads core.routers sends to them;
    # around the page cache, so a page that lost its replica half-way is read again from the primary.
    "core.routers.PublicReadsMiddleware",
    "expo.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the one the path names (/zh-hans/, /ru/, or none for English).
    "core.languages.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "expo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "expo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas (docs/deployment.md#read-replicas): PostgreSQL streaming replicas of the default
# database, comma-separated, as aliases replica1, replica2, ... core/routers.py sends the public
# pages' reads of the directory to one that has caught up with the content version, and everything
# else to the primary. Unset: no router, nothing changes.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{number}"] = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        # Django's test runner makes no database for a replica: its alias reads the test database.
        test_options={"MIRROR": "default"},
    )
    if DATABASES[f"replica{number}"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: replica {number} is not a postgres:// URL; read replicas are "
            "PostgreSQL streaming replicas of the primary (docs/deployment.md#read-replicas)."
        )
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
# Seconds a process leaves a replica alone, reading from the primary, after it failed to answer.
DATABASE_REPLICA_RETRY_SECONDS = float(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "30"))
# Seconds a web process waits for PostgreSQL at each step (connect, query, read) before it gives
# up and the page answers 503 (core/db.py); 0 waits for ever. Management commands always wait.
DATABASE_TIMEOUT = float(os.environ.get("DATABASE_TIMEOUT", "3"))
# After a wait ran out, every wait on that server fails at once for this long, so queued requests
# answer 503 fast (or, on a replica, read from the primary).
DATABASE_RETRY_SECONDS = float(os.environ.get("DATABASE_RETRY_SECONDS", "1"))
for database in DATABASES.values():
    if database["ENGINE"] != "django.db.backends.postgresql":
        continue
    database_options = database.setdefault("OPTIONS", {})
    # An unreachable database must fail fast, so pages answer 503 within seconds instead of hanging.
    database_options.setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
    )
    # TCP keepalives find a peer that vanished (a host down, a cable cut) on an idle connection.
    database_options.update(
        keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3
    )

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
}
# Whole public pages are cached for anonymous visitors (expo/cache.py). With Redis the cache is
# shared by every process and also holds the content version.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SHARED = bool(os.environ.get("REDIS_URL"))
# What one visitor can make the cache hold (expo/cache.py): pages over this size are not stored,
# and one client address stores at most PAGE_CACHE_CLIENT_STORES pages per window.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(4 * 1024 * 1024)))
PAGE_CACHE_CLIENT_STORES = int(os.environ.get("PAGE_CACHE_CLIENT_STORES", "300"))
PAGE_CACHE_CLIENT_WINDOW = int(os.environ.get("PAGE_CACHE_CLIENT_WINDOW", "600"))
# Counts worked out from the content (facets, the overview pages' counts) are kept in the database
# per content version (core/derived.py), at most this many per version.
DERIVED_VALUES_PER_VERSION = int(os.environ.get("DERIVED_VALUES_PER_VERSION", "10000"))
# Seconds a page may wait on PostgreSQL while it works out such a value (DATABASE_TIMEOUT is for
# everything else): at 3,000,000 showcases the plain showcase list's counts take about 20 s.
DERIVED_VALUE_SECONDS = float(os.environ.get("DERIVED_VALUE_SECONDS", "120"))
# Paths that take methods other than GET and HEAD (core.middleware.PublicMethodsMiddleware).
WRITABLE_PATH_PREFIXES = ("/admin/", "/my-visit/")
# Compression (core/compression.py): gzip for the text Django renders, when the client asks for it,
# so gunicorn without a proxy sends compressed pages too (the proxy block in docs/deployment.md
# compresses the same types). Never the admin, whose pages carry a CSRF token (BREACH), and never a
# streaming response (open-data downloads keep their Content-Length; the proxy compresses them).
GZIP_EXCLUDED_PATH_PREFIXES = ("/admin/", "/my-visit/")
GZIP_CONTENT_TYPES = (
    "text/html",
    "text/plain",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/manifest+json",
    "text/csv",
    "application/xml",
    "text/xml",
    "image/svg+xml",
)
if os.environ.get("REDIS_URL"):
    # Fails soft (core/cache_backend.py): a Redis that is down or silent costs a request at most
    # CACHE_TIMEOUT seconds once, then pages are served from the database for CACHE_RETRY_SECONDS.
    CACHES["default"] = {
        "BACKEND": "core.cache_backend.ResilientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("CACHE_TIMEOUT", "0.25")),
            "socket_timeout": float(os.environ.get("CACHE_TIMEOUT", "0.25")),
            "circuit_seconds": float(os.environ.get("CACHE_RETRY_SECONDS", "30")),
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at today's URLs, Chinese under /zh-hans/, Russian under /ru/ (expo/urls.py, core/languages.py).
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Records' texts in each language (django-modeltranslation): English is the original column's
# language and the fallback of the others; a page marks the fallback text with lang="en".
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# It copies each index over a translated field per language and renames the copies, saying so on
# every start; the names are settled in the migrations.
warnings.filterwarnings(
    "ignore", message="Index name .* will be regenerated", module="modeltranslation"
)
# Date formats of our own where Django's differ from the site's ("22 August 2022" in English).
FORMAT_MODULE_PATH = ["expo.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded media on S3-compatible storage (needs django-storages[s3]; see docs/deployment.md)
# when a bucket is named. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # public logos and photos: plain, cacheable URLs
            "file_overwrite": False,
        },
    }

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Open-data downloads, one file per content version and query (exhibitors/exports.py), at most
# EXPORT_CACHE_FILES per list and version; regenerable.
EXPORT_CACHE_DIR = Path(os.environ.get("EXPORT_CACHE_DIR", BASE_DIR / "var" / "exports"))
EXPORT_CACHE_FILES = int(os.environ.get("EXPORT_CACHE_FILES", "200"))

# Share cards, the og:image of every page (core/share_cards.py). Fonts are tried in order for each
# line of text (comma-separated paths); the defaults are Debian's fonts-noto-cjk (Latin, Cyrillic and
# CJK) then DejaVu Sans; with none of them, Pillow's bundled font draws the Latin text. Cards are
# kept in SHARE_CARD_CACHE_DIR, one file per card content, SHARE_CARD_CACHE_FILES at most; regenerable.
SHARE_CARD_FONTS = env_list(
    "SHARE_CARD_FONTS",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,"
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
SHARE_CARD_BOLD_FONTS = env_list(
    "SHARE_CARD_BOLD_FONTS",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc,"
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
SHARE_CARD_CACHE_DIR = Path(
    os.environ.get("SHARE_CARD_CACHE_DIR", BASE_DIR / "var" / "share-cards")
)
SHARE_CARD_CACHE_FILES = int(os.environ.get("SHARE_CARD_CACHE_FILES", "2000"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security. Headers and cookie flags hold whenever DEBUG is off (tests included); HTTPS=1 adds what
# depends on the proxy in front: trusting its X-Forwarded-Proto and redirecting plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Sent on HTTPS responses only (browsers ignore it over HTTP).
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# Health checks answer over plain HTTP too: a probe talks to gunicorn directly, not through TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/live$"]
if not DEBUG and env_bool("HTTPS", False):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4). The site's only script is static/js/filters.js and it has
# no inline styles; JSON-LD data blocks are not scripts. Media on another origin (S3, a CDN) is
# allowed with CSP_IMG_ORIGINS, e.g. https://media.example.org.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("CSP_IMG_ORIGINS")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
if not DEBUG and env_bool("HTTPS", False):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Permissions-Policy (core.middleware.SecurityHeadersMiddleware): the site uses none of these.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Seconds a client is asked to wait (Retry-After) when the database is down and pages answer 503.
RETRY_AFTER = int(os.environ.get("RETRY_AFTER", "30"))

# Admin login throttle (django-axes): after AXES_FAILURE_LIMIT failed logins from one client address
# (whatever the user names tried), or for one account (from whatever addresses), that address or
# account is refused with 429 until the cool-off has passed. A successful login forgets only the
# failures of that account from that address (core.middleware.forget_own_failures), so signing in
# to one account buys no more guesses at another. Behind a proxy, set TRUSTED_PROXY_COUNT so the
# address is the client's, not the proxy's.
AUTHENTICATION_BACKENDS = [
    "core.middleware.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "core.errors.login_locked_out"
AXES_VERBOSE = False
# How many proxies in front append to X-Forwarded-For (0: clients connect directly).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# After signing in with no safe "next", organisers land on the admin, not Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

# My visit (visits/): the cookie that holds a visitor's plan key (HttpOnly, SameSite=Lax, Secure
# whenever DEBUG is off), the most items a plan holds, and how long an unused plan is kept
# (the cookie's lifetime, and what `manage.py prune_visits` deletes after).
VISIT_COOKIE = "expo_visit"
VISIT_COOKIE_SECURE = not DEBUG
VISIT_MAX_ITEMS = int(os.environ.get("VISIT_MAX_ITEMS", "500"))
VISIT_KEEP_DAYS = int(os.environ.get("VISIT_KEEP_DAYS", "180"))

# Directory lists: page size.
DIRECTORY_PAGE_SIZE = 24

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
