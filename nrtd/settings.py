"""Settings for nrtd, read from the environment (see .env.example).

Defaults give a working development set-up with nothing installed: SQLite under var/,
Celery's queue in files under var/ (a worker started by `make run`), e-mail printed to the
console. Production sets DEBUG=off and
must then give SECRET_KEY.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off, set SECRET_KEY in the environment to a "
            "long random string, for example the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "nrtd.apps.NrtdConfig",
    "mechanisms",
    "recommendations",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL or other control character in the query string: 400, before any view or filter.
    "nrtd.middleware.ControlCharactersMiddleware",
    # Pages compressed for browsers that ask (a search page lists hundreds of facet values);
    # static files come compressed from WhiteNoise above. Django pads the compressed
    # response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mechanisms.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Anonymous reads of the portal and the API: served from and stored in the cache, and
    # sent to the read replica when there is one (nrtd.public_cache, nrtd.db_router).
    "nrtd.public_cache.AnonymousCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nrtd.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nrtd.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "nrtd.wsgi.application"
ASGI_APPLICATION = "nrtd.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'nrtd.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, the worker, a test worker) share the file: wait, don't fail.
    # Write-ahead logging lets the pages read while the worker writes an import. A transaction
    # takes the write lock when it begins (IMMEDIATE), so it waits for another writer (a job's
    # heartbeat) instead of failing with "database is locked" at its first write.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("timeout", 20)
    options.setdefault("init_command", "PRAGMA journal_mode=WAL;")
    options.setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL read replica (streaming replication of the primary): anonymous reads of the
# portal and the API go there (nrtd.db_router); writes and logged-in users stay on default.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # Tests never open a second database: the alias reads the test database (Django's mirror).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["nrtd.db_router.PublicReadReplicaRouter"]
NRTD_PUBLIC_READS_ON_REPLICA = bool(DATABASE_REPLICA_URL)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: the interface languages; SDG names come in the six UN languages.
# NRTD_LANGUAGES chooses and orders them ("en,fr,es,ar,sw"): any language Django knows. One
# without a catalogue in locale/ shows the interface in English, and names of records (States,
# themes, institutions…) in that language once the secretariat gives them.
_LANGUAGE_NAMES = {
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "ar": _("Arabic"),
    "ru": _("Russian"),
    "zh-hans": _("Simplified Chinese"),
    "pt": _("Portuguese"),
}
LANGUAGE_CODE = "en"
LANGUAGES = []
for _code in env.list("NRTD_LANGUAGES", default=list(_LANGUAGE_NAMES)):
    _code = _code.strip().lower()
    if _code not in LANG_INFO or "name" not in LANG_INFO[_code]:
        raise ImproperlyConfigured(
            f"NRTD_LANGUAGES: {_code!r} is not a language Django knows "
            "(see django/conf/locale/__init__.py for the codes)"
        )
    # A lazy name must not be tested for truth here: that would translate it at import.
    _name = _LANGUAGE_NAMES[_code] if _code in _LANGUAGE_NAMES else LANG_INFO[_code]["name"]
    LANGUAGES.append((_code, _name))
if LANGUAGE_CODE not in dict(LANGUAGES):
    LANGUAGES.insert(0, (LANGUAGE_CODE, _LANGUAGE_NAMES[LANGUAGE_CODE]))
LANGUAGES_BIDI = [code for code, _name in LANGUAGES if LANG_INFO[code].get("bidi")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
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

# E-mail: printed to the console unless EMAIL_URL says otherwise (smtp+tls://user:pw@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="nrtd <nrtd@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Celery. With REDIS_URL, Redis is the broker and the result backend (production, CI).
# Without it, a broker that needs no server: Kombu's filesystem transport, messages and
# results in files under NRTD_QUEUE_DIR; `make run` starts a worker next to the web server.
# Either way a request only queues a job; tests alone run tasks eagerly (tests/conftest.py).
REDIS_URL = env.str("REDIS_URL", default="")
NRTD_QUEUE_DIR = Path(env.str("NRTD_QUEUE_DIR", default="") or VAR_DIR / "queue")
if REDIS_URL:
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
    # Redis down: publishing a job gives up after about two seconds (then the job is marked
    # failed and the request answers 503) instead of retrying for twenty. Redis that accepts
    # connections and never answers (frozen, a dead host behind a live proxy) costs each
    # try the socket timeout: with the one retry below, 6 s in all (measured with a frozen
    # redis-server: 16 s with a 4 s timeout and two retries, 4 s with none; the retry is kept
    # for a pooled connection that a Redis restart broke). The worker's blocking reads wait
    # 1 s at a time, inside the timeout.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
    CELERY_REDIS_SOCKET_TIMEOUT = 2
else:
    for _part in ("messages", "control", "results", "cache"):
        (NRTD_QUEUE_DIR / _part).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(NRTD_QUEUE_DIR / "messages"),
        "data_folder_out": str(NRTD_QUEUE_DIR / "messages"),
        "control_folder": str(NRTD_QUEUE_DIR / "control"),
        "polling_interval": 0.5,
    }
    CELERY_RESULT_BACKEND = f"file://{NRTD_QUEUE_DIR / 'results'}"
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_EAGER_PROPAGATES = True
# Two queues, which a worker serves in turn: the similarity search queued for each review an
# import brings (hundreds, seconds each) waits in "background", so that an upload or a report
# asked meanwhile starts at once instead of after all of them. A worker started without -Q
# serves both.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("background"))
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "recommendations.find_similar": {"queue": "background"},
    "recommendations.train_classifier": {"queue": "background"},
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TRACK_STARTED = True
# A long job (an import, a report) is acknowledged only when done, so a worker that dies
# hands it to another; the limits stop a runaway job.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=15 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=20 * 60)
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # One digest a day per focal point of what is due within 7 days and overdue.
    "daily-reminders": {
        "task": "recommendations.send_daily_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Report runs, imports and spreadsheet uploads whose worker died (no heartbeat) or that
    # no worker took are marked failed, with the reason (and a "Run again" where there is one).
    # A sweep not run within its minute (no worker) expires instead of piling up.
    "reporting-sweep-stale-runs": {
        "task": "reporting.sweep_stale_runs",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "imports-sweep-stale-jobs": {
        "task": "recommendations.sweep_stale_imports",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "sheet-uploads-sweep-stale-jobs": {
        "task": "recommendations.sweep_stale_sheet_uploads",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # The secretariat's reminder of special procedures' communications whose reply is due
    # soon or overdue.
    "special-procedures-reply-reminders": {
        "task": "recommendations.send_reply_reminders",
        "schedule": crontab(hour=6, minute=10),
    },
    "reporting-refresh-performance": {
        "task": "reporting.refresh_performance",
        "schedule": 600.0,  # reporting.selectors.performance.SUMMARY_REFRESH_SECONDS
        "options": {"expires": 540},
    },
    "reporting-deadline-reminders": {
        "task": "reporting.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=5),
    },
}

# Jobs beat at this interval while they run; one with no beat for NRTD_JOB_HEARTBEAT_TIMEOUT
# seconds is failed by the sweep (its worker died), and one still queued after
# NRTD_JOB_QUEUED_TIMEOUT seconds too (no worker took it). /healthz calls the worker "late"
# after NRTD_WORKER_LATE seconds without its own heartbeat, and dead after the timeout.
NRTD_JOB_HEARTBEAT_SECONDS = env.int("NRTD_JOB_HEARTBEAT_SECONDS", default=10)
NRTD_JOB_HEARTBEAT_TIMEOUT = env.int("NRTD_JOB_HEARTBEAT_TIMEOUT", default=90)
NRTD_JOB_QUEUED_TIMEOUT = env.int("NRTD_JOB_QUEUED_TIMEOUT", default=30 * 60)
NRTD_WORKER_LATE = env.int("NRTD_WORKER_LATE", default=45)

# "default": pages, facet counts, throttling; "jobs": the worker's and the jobs' heartbeats,
# which the web process reads, so shared between processes (Redis, or files beside the
# embedded queue). Redis down: both fall back to this process's memory (nrtd.cache).
_REDIS_CACHE = {
    "BACKEND": "nrtd.cache.FallbackRedisCache",
    "LOCATION": REDIS_URL,
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}
CACHES = {
    "default": _REDIS_CACHE
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {**_REDIS_CACHE, "KEY_PREFIX": "jobs"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(NRTD_QUEUE_DIR / "cache"),
    },
}

# Anonymous answers of the portal and the API are kept this long in the default cache
# (nrtd.public_cache); any write to public data makes them stale at once, so this only
# bounds memory. 0 turns the cache off. Browsers revalidate after NRTD_PUBLIC_MAX_AGE
# seconds (0: every time, answered 304 while nothing changed).
NRTD_PUBLIC_CACHE_SECONDS = env.int("NRTD_PUBLIC_CACHE_SECONDS", default=600)
NRTD_PUBLIC_MAX_AGE = env.int("NRTD_PUBLIC_MAX_AGE", default=0)
# After a write, the readers asking the same page at once wait for the first one to build it
# (at most this many seconds) instead of each building it. 0: each builds its own.
NRTD_PUBLIC_CACHE_WAIT = env.float("NRTD_PUBLIC_CACHE_WAIT", default=5.0)

# Security. Production (DEBUG off) gets HTTPS-only cookies and HSTS; behind a proxy that
# terminates TLS, set SECURE_PROXY_SSL_HEADER through USE_X_FORWARDED_PROTO.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and style sheets from this site only, no
# inline script or event handler (templates load static/js/*.js). A <style> block needs the
# request's nonce (the API docs page); style attributes stay allowed, for the width of a
# progress bar. Bootstrap's icons are data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes): lock an account and address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy, every per-address limit (this lockout, the API's token throttle,
# registrations and portal posts) keys on the client's address, not the proxy's: set
# NRTD_PROXY_COUNT to the number of proxies that append to X-Forwarded-For (1 for the
# documented TLS proxy). 0 ignores the header, which a client can forge.
NRTD_PROXY_COUNT = env.int("NRTD_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "nrtd.web.client_address"
# Secretariat accounts must set up a TOTP device before using the workspace when this is on.
NRTD_REQUIRE_2FA_FOR_SECRETARIAT = env.bool("NRTD_REQUIRE_2FA_FOR_SECRETARIAT", default=False)
# Civil society registrations accepted per address per hour.
NRTD_REGISTRATIONS_PER_HOUR = env.int("NRTD_REGISTRATIONS_PER_HOUR", default=5)
# Password reset e-mails requested per address per hour.
NRTD_PASSWORD_RESETS_PER_HOUR = env.int("NRTD_PASSWORD_RESETS_PER_HOUR", default=5)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Deny by default: every endpoint names its rule (nrtd.permissions.RulesPermission).
    "DEFAULT_PERMISSION_CLASSES": ["nrtd.permissions.DenyAll"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "nrtd.api.exception_handler",
    "NUM_PROXIES": NRTD_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="600/hour"),
        "token": env.str("API_TOKEN_RATE", default="20/hour"),
    },
}
# With DEBUG on, an unexpected API error raises (traceback in the console and the debug page)
# instead of answering the JSON 500 body.
NRTD_API_RAISE = env.bool("NRTD_API_RAISE", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "nrtd API",
    "DESCRIPTION": "Human rights recommendations and their follow-up.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from local static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set shared by several endpoints.
    "ENUM_NAME_OVERRIDES": {
        "ImplementationStatusEnum": "recommendations.models.Status",
        "ResponseEnum": "recommendations.models.Response",
        "MechanismEnum": "recommendations.models.Mechanism",
        "ActivityStatusEnum": "recommendations.models.Activity.ActivityStatus",
        "RoundStatusEnum": "recommendations.models.UpdateRound.RoundStatus",
        "PlanItemStatusEnum": "recommendations.models.ActionPlanItem.ItemStatus",
        "ImportStatusEnum": "recommendations.models.ImportJob.JobStatus",
        "CommentKindEnum": "recommendations.models.Comment.Kind",
        "RecommendationKindEnum": "recommendations.models.Recommendation.Kind",
        "InstitutionKindEnum": "mechanisms.models.Institution.Kind",
        "StakeholderKindEnum": "mechanisms.models.Stakeholder.Kind",
        "ReportKindEnum": "reporting.models.ReportKind",
        "ReportFormatEnum": "reporting.models.OutputFormat",
        "ReportStatusEnum": "reporting.models.ReportRun.RunStatus",
        "ModerationEnum": "recommendations.models.participation.Moderation",
    },
}

# Recommendations are public UN texts: published when imported unless this is off.
NRTD_PUBLISH_ON_IMPORT = env.bool("NRTD_PUBLISH_ON_IMPORT", default=True)
# A national deployment's own State (ISO3 code, e.g. SVN): what an import keeps by default
# of a file holding many States under review (UPR Info, UHRI). Empty: the States the
# registry already holds reviews of (or, for a first import, all of the file's).
NRTD_OWN_STATE = env.str("NRTD_OWN_STATE", default="").strip().upper()
# Evidence files larger than this are refused; links in e-mails are built on the site URL.
NRTD_EVIDENCE_MAX_BYTES = env.int("NRTD_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# The report emblem the secretariat uploads (reporting settings).
NRTD_EMBLEM_MAX_BYTES = env.int("NRTD_EMBLEM_MAX_BYTES", default=2 * 1024 * 1024)
# Comments and assessments one account may post on the portal per hour (three times as
# many per address).
NRTD_POSTS_PER_HOUR = env.int("NRTD_POSTS_PER_HOUR", default=10)
NRTD_SITE_URL = env.str("NRTD_SITE_URL", default="http://127.0.0.1:8000")
NRTD_SHARED_DATA = env.path("NRTD_SHARED_DATA", default=BASE_DIR.parent / "shared" / "data")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf (joining a PDF's parts) logs its own start at INFO.
        "pikepdf": {"level": "WARNING"},
    },
}

# Paper of the Word and PDF reports: "A4" (the UN's and most States') or "Letter".
NRTD_REPORT_PAPER = env.str("NRTD_REPORT_PAPER", default="A4")
