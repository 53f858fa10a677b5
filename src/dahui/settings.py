"""The one settings module. Every value comes from the environment; defaults run the demo.

DAHUI_DATA_DIR   folder for the embedded SQLite database and uploads (default ./var)
DAHUI_STATIC_ROOT where collectstatic puts the static files (default DATA_DIR/static)
DATABASE_URL     postgres://… to use PostgreSQL instead of SQLite
REDIS_URL        redis://… to share live events between workers through Redis
DAHUI_SECRET_KEY required unless DAHUI_DEBUG is on (the demo turns it on)
DAHUI_DEBUG, DAHUI_ALLOWED_HOSTS, DAHUI_CSRF_TRUSTED_ORIGINS, DAHUI_DB_CONN_MAX_AGE,
DAHUI_DB_POOL_SIZE (PostgreSQL connections per worker process; 0: no pool)
DAHUI_HTTPS=1    served over TLS: secure cookies, HSTS (DAHUI_HSTS_SECONDS), HTTPS redirect
DAHUI_LOGIN_FAILURE_LIMIT, DAHUI_LOGIN_COOLOFF_MINUTES  staff password throttling
DAHUI_SCAN_WORKERS processes reading scanned ballots (default: one per core)
DAHUI_LOG_FORMAT=json  one JSON line per request on stdout (method, path, status, ms)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dahui.env import env_bool, env_dir, env_int, env_list, env_str, env_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_dir("DAHUI_DATA_DIR", "./var")

DEBUG = env_bool("DAHUI_DEBUG", False)
SECRET_KEY = env_str("DAHUI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DAHUI_SECRET_KEY must be set when DAHUI_DEBUG is off")
    SECRET_KEY = "dahui-insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("DAHUI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DAHUI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "dahui.audit",
    "dahui.congress",
    "dahui.elections",
    "dahui.appraisal",
    "dahui.voting",
    "dahui.proposals",
    "dahui.live",
    "dahui.groups",
    "dahui.speakers",
    "dahui.scans",
    "dahui.unions",
    "dahui.ops",
]

MIDDLEWARE = [
    "dahui.ops.middleware.HealthMiddleware",  # /healthz for the proxy, before any check
    "dahui.ops.middleware.RequestLogMiddleware",  # DAHUI_LOG_FORMAT=json: a line a request
    "django.middleware.security.SecurityMiddleware",
    "dahui.live.static_middleware.AsyncWhiteNoiseMiddleware",  # keeps async views async
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "dahui.request_text.RefuseNulCharactersMiddleware",  # a NUL in any field: 400
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dahui.content_security.ContentSecurityPolicyMiddleware",  # django-csp, async-aware
    "axes.middleware.AxesMiddleware",  # answers a locked-out staff login (after auth)
]

ROOT_URLCONF = "dahui.urls"
ASGI_APPLICATION = "dahui.asgi.application"
WSGI_APPLICATION = "dahui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: embedded SQLite (WAL) unless DATABASE_URL names PostgreSQL.
DATABASE_URL = env_url("DATABASE_URL", schemes=("postgres", "postgresql", "sqlite"))
CONN_MAX_AGE = env_int("DAHUI_DB_CONN_MAX_AGE", 60, minimum=0)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        # Under ASGI every request runs in a new thread, so persistent connections are never
        # reused: a hall casting at once opened one connection per request and exhausted
        # PostgreSQL. A pool per worker process (Django has it check each connection on loan,
        # so a restarted server is survived) bounds and reuses them. DAHUI_DB_POOL_SIZE=0: off.
        POOL_SIZE = env_int("DAHUI_DB_POOL_SIZE", 12, minimum=0)
        if POOL_SIZE:
            DATABASES["default"]["CONN_MAX_AGE"] = 0
            DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
                "min_size": 2, "max_size": POOL_SIZE, "timeout": 10,
            }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "dahui.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while a ballot is written; IMMEDIATE takes the write
                # lock at BEGIN so concurrent writers queue instead of failing mid-transaction.
                # secure_delete zeroes freed content, so a deleted row (a poll's ballots
                # before their rewrite at close) is not left in a free page.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


def _private_database_files(database: dict) -> None:
    """The data folder 0700 and an SQLite database with its -wal and -shm 0600 (tightened
    if they exist looser; created so if not): they hold every ballot, access code and ID
    tail. SQLite gives the -wal and -shm files the mode of the database file."""
    DATA_DIR.chmod(0o700)
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:") or not name:
        return
    os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o600))
    for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        if os.path.exists(path):
            os.chmod(path, 0o600)


_private_database_files(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Live events: in-memory for one process, Redis to share them between workers.
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
# A consumer waits for its next event with a blocking pop of 5 s; redis-py 8 reads with a
# 5 s socket timeout by default, so an idle hall screen's wait would end in a TimeoutError,
# a traceback and a dropped WebSocket every few seconds. The socket waits longer than the
# pop, and a Redis that stops answering is still noticed.
REDIS_SOCKET_TIMEOUT = 30


def _redis_hosts(url: str) -> list[dict]:
    return [{"address": url, "socket_timeout": REDIS_SOCKET_TIMEOUT}]


if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": _redis_hosts(REDIS_URL)},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes first: it refuses a password check for a locked-out user name or address.
# The last backend only loads sessions opened with a delegate's credential (badge QR or
# access code): such a session has the delegate's powers only, never the staff account's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "dahui.congress.auth_backends.DelegateCredentialBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("DAHUI_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# A production install points DAHUI_STATIC_ROOT outside the private data folder, where the
# TLS proxy (Caddy) reads and serves the collected files itself.
STATIC_ROOT = env_dir("DAHUI_STATIC_ROOT", str(DATA_DIR / "static"))
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from the finders until collectstatic
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_ROOT = PACKAGE_DIR / "static_root"  # files answered at the site's root: favicon.ico
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Processes reading scanned ballots (dahui.scans): 0 means one per core.
DAHUI_SCAN_WORKERS = env_int("DAHUI_SCAN_WORKERS", 0, minimum=0)

# Behind TLS (DAHUI_HTTPS=1): cookies only over HTTPS and HSTS. Django sends HSTS on requests
# it sees as HTTPS: uvicorn already takes the scheme from X-Forwarded-Proto of a proxy on the
# same machine; DAHUI_PROXY_SSL_HEADER=1 trusts that header from any proxy (only when every
# request comes through the proxy, since a client could send it itself). The redirect of
# plain HTTP is opt-in (DAHUI_SSL_REDIRECT=1): with a proxy whose scheme Django cannot see it
# would loop.
HTTPS = env_bool("DAHUI_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DAHUI_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    SECURE_HSTS_SECONDS = env_int("DAHUI_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DAHUI_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_SSL_REDIRECT = env_bool("DAHUI_SSL_REDIRECT", False)
    if env_bool("DAHUI_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script anywhere, scripts and connections
# to this site only. Inline style attributes are allowed: templates size bars and columns
# with them, and style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Staff password login (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# user name, further tries for that name are refused for the cool-off time. An address is
# never locked as a whole: the hall shares one address behind its NAT, and a flood of wrong
# names from it must not lock the secretariat out (there are a few staff names, each with
# its own limit). A delegate's access-code login has its own throttle
# (congress/login_throttle.py), which never locks an address either.
AXES_FAILURE_LIMIT = env_int("DAHUI_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("DAHUI_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_CLIENT_IP_CALLABLE = "dahui.congress.views.login.client_address"
AXES_LOCKOUT_CALLABLE = "dahui.congress.views.login.staff_login_locked"
AXES_RESET_ON_SUCCESS = False  # one's own right password must not clear another's failures
AXES_VERBOSE = False

DAHUI_LOG_FORMAT = env_str("DAHUI_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_403_traceback": {"()": "dahui.log_filters.DropForbiddenTraceback"}},
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_403_traceback"]},
        # The technician's status page shows the last warnings and errors (no bodies).
        "recent": {"class": "dahui.ops.probes.RecentErrors", "level": "WARNING",
                   "filters": ["no_403_traceback"]},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                     "formatter": "bare"},
    },
    "root": {"handlers": ["console", "recent"], "level": env_str("DAHUI_LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per failed login is enough; axes logs every step at INFO.
        "axes": {"level": "WARNING"},
        "dahui.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
}
