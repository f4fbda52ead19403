"""Settings for every environment, read from environment variables (django-environ).

With only SECRET_KEY set (DEBUG is off by default, and then a key is required) the portal runs embedded:
SQLite, Celery tasks executed eagerly, e-mail to the console. Production switches on PostgreSQL, Redis
and the secure cookie and header settings by variables only (see .env.example and docker-compose.yml).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Values anyone can read (the old built-in default, .env.example's placeholder) are no key at all.
PUBLIC_SECRET_KEYS = {
    "django-insecure-embedded-default-change-me-in-production",
    "change-me-to-a-long-random-string",
}
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY in PUBLIC_SECRET_KEYS:
    if not DEBUG:
        # Without its own key the portal's sessions, CSRF tokens and signed links could be forged.
        raise ImproperlyConfigured(
            "SECRET_KEY не задан или взят из примера, а DJANGO_DEBUG выключен: портал не запускается с "
            "общеизвестным ключом. Задайте SECRET_KEY — длинную случайную строку — в окружении или в файле .env "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(64))'); для разработки можно "
            "включить DJANGO_DEBUG=true."
        )
    SECRET_KEY = "django-insecure-development-only-key-with-DJANGO_DEBUG-on"  # noqa: S105 — DEBUG only
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The portal's own apps come first so that their Russian catalogues win over Django's for the same
# English word ("active" is «активно» for a mentorship, not «активный»).
INSTALLED_APPS = [
    "portal",
    "submissions",
    "mentorship",
    "roster",
    "roadmap",
    "indicators",
    "monitoring",
    "matching",
    "health",
    "notifications",
    "joining",
    "feeds",
    "api",
    "exchange",
    "hub",
    "reports",
    "public",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "auditlog",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.methods.AllowedMethodsMiddleware",
    # Right after WhiteNoise (static files keep their caching): no-store on every page that needs a login.
    "portal.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# The embedded database: a transaction takes the write lock when it begins (so its reads and the write
# that follows them are one step), and a concurrent writer waits up to 20 s instead of «database is locked».
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Pages are served without the cache while Redis is down (portal/cache.py); give up on it quickly.
    CACHES["default"]["BACKEND"] = "portal.cache.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 1, "socket_timeout": 1})

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Kirov"
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
# Bootstrap and Tom Select come from the npm registry at setup (package-lock.json); the portal serves it itself.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    # The people picker of the mentorship form (static/js/person-picker.js starts it).
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_URL = "/media/"
# An empty variable (as in .env.example) means the default, never the current folder.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default="") or BASE_DIR / "media")
# Evidence, reports and other files with personal data live outside any URL and are served by views.
# Never inside MEDIA_ROOT or STATIC_ROOT: the system check config.checks refuses to start if it is.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default="") or BASE_DIR / "private_media")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="nastavnichestvo@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as its users open it: links in letters (a meeting reminder leads to the pair's page).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker the embedded portal runs every task at once, in the request that queued it.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis does not know a message is lost when a worker dies holding it (acks_late): it gives the message
# to a worker again once it has been unacknowledged for the visibility timeout. Longer than any task
# (a 100 000-row roster import takes about a minute), short enough for a killed worker's job to be done
# the same morning. Workers look for such messages at start and about every 100 s.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# Recovery of jobs whose task was lost (the broker was down when they were queued, Redis restarted and
# lost its queue, a worker died): every JOBS_REQUEUE_INTERVAL_SECONDS the beat sends again the jobs
# queued for more than JOBS_REQUEUE_QUEUED_MINUTES or running for more than JOBS_REQUEUE_RUNNING_MINUTES.
JOBS_REQUEUE_INTERVAL_SECONDS = env.int("JOBS_REQUEUE_INTERVAL_SECONDS", default=5 * 60)
JOBS_REQUEUE_QUEUED_MINUTES = env.int("JOBS_REQUEUE_QUEUED_MINUTES", default=10)
JOBS_REQUEUE_RUNNING_MINUTES = env.int("JOBS_REQUEUE_RUNNING_MINUTES", default=30)
CELERY_BEAT_SCHEDULE = {
    # Every morning, before lessons: roadmap occurrences due in a week or newly overdue.
    "roadmap-reminders": {
        "task": "roadmap.tasks.send_roadmap_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Mentors: a reminder the day before each meeting they planned (once per meeting).
    "mentorship-meeting-reminders": {
        "task": "mentorship.tasks.send_meeting_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
    # Indicators: record the values of the monitoring date at 05:50 on 20 June and 20 December, just before
    # the analytic summary (06:00) reads them, so the summary and the snapshot are one and the same moment.
    # The task records the latest monitoring date, so a later run catches up a missed one.
    "indicators-record-snapshot": {
        "task": "indicators.tasks.record_due_snapshot",
        "schedule": crontab(minute=50, hour=5, day_of_month=20, month_of_year="6,12"),
    },
    # Monitoring: close the questionnaire campaigns past their closing date (their links stop working), then
    # the automatic reminders due today; idempotent, a reminder never twice a day.
    "monitoring-campaigns-daily": {
        "task": "monitoring.tasks.campaigns_daily_run",
        "schedule": crontab(hour=0, minute=10),
    },
    # Reports: the analytic summary of the monitoring date (roadmap activity 3.1), 20 June and
    # 20 December at 06:00 Europe/Kirov; idempotent, and `generate_summary` catches up a missed date.
    "reports-analytic-summary": {
        "task": "reports.tasks.generate_due_summary",
        "schedule": crontab(hour=6, minute=0, day_of_month=20, month_of_year="6,12"),
    },
    # Recovery: summaries and roster jobs whose task was lost are sent again (see JOBS_REQUEUE_*).
    "reports-requeue-stale": {
        "task": "reports.tasks.requeue_stale_summaries",
        "schedule": timedelta(seconds=JOBS_REQUEUE_INTERVAL_SECONDS),
    },
    "roster-expire-previews": {
        "task": "mentorship.roster.expire_roster_previews",
        "schedule": crontab(hour=3, minute=30),
    },
    "roster-requeue-stale": {
        "task": "mentorship.roster.requeue_stale_roster_jobs",
        "schedule": timedelta(seconds=JOBS_REQUEUE_INTERVAL_SECONDS),
    },
    # Pair health (health/rules.py): every pair's status recomputed each morning, then mentors reminded.
    "health-daily": {
        "task": "health.tasks.compute_pair_health",
        "schedule": crontab(hour=6, minute=30),
    },
    # The curators' weekly digest of their pairs that need attention (Monday morning; once per ISO week).
    "health-weekly-digest": {
        "task": "health.tasks.send_curator_digests",
        "schedule": crontab(hour=7, minute=15, day_of_week=1),
    },
    # In-portal notifications are kept NOTIFICATIONS_KEEP_DAYS days.
    "notifications-cleanup": {
        "task": "notifications.tasks.delete_old_notifications",
        "schedule": crontab(hour=3, minute=40),
    },
    # Double submission: the tokens of forms sent long ago are forgotten (submissions/decorators.py).
    "submissions-prune-submitted-forms": {
        "task": "submissions.tasks.prune_submitted_forms",
        "schedule": crontab(hour=3, minute=30),
    },
    # Applications to join: declined ones older than JOIN_DECLINED_KEEP_MONTHS are deleted (docs/joining.md).
    "joining-prune-declined": {
        "task": "joining.tasks.prune_declined_applications",
        "schedule": crontab(hour=3, minute=40),
    },
    # The monitoring report to the hub (exchange/, docs/exchange.md): 20 June and 20 December at 06:40, after
    # the KPI snapshot (05:50) and the summary (06:00); the latest date not yet queued, so a missed one is
    # caught up. Without HUB_URL nothing is queued.
    "exchange-push-due-report": {
        "task": "exchange.tasks.push_due_report",
        "schedule": crontab(hour=6, minute=40, day_of_month=20, month_of_year="6,12"),
    },
    # The deliveries whose next attempt has come (retries with backoff, lost tasks, dead workers).
    "exchange-retry-due-deliveries": {
        "task": "exchange.tasks.retry_due_deliveries",
        "schedule": timedelta(minutes=5),
    },
}

FILTERS_EMPTY_CHOICE_LABEL = "—"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production hardening, switched on by DJANGO_SECURE=true behind HTTPS.
SECURE = env.bool("DJANGO_SECURE", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token), so it need not be visible to scripts.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# Password reset by e-mail (portal/passwords.py): the link works for 2 hours; letters per address and
# requests per IP address within the window.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=2 * 60 * 60)
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=3)
PASSWORD_RESET_PER_IP = env.int("PASSWORD_RESET_PER_IP", default=10)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login protection: a whole school shares one address, so lock by username and address together.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env.int("AXES_PROXY_COUNT", default=0) else ["REMOTE_ADDR"]
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy: everything from the portal itself, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Business settings.
SCHOOL_DEFAULT_TOWN = "Вятские Поляны"
MENTOR_MAX_MENTEES = env.int("MENTOR_MAX_MENTEES", default=3)
# The mentoring programme's first year: the dashboard, the summaries and the public page show every year
# from it to the current one, with or without a target.
PROGRAMME_FIRST_YEAR = env.int("PROGRAMME_FIRST_YEAR", default=2020)
# Double submission (submissions/decorators.py): how long a second copy of a form waits for the first to finish,
# and how long a form's token is remembered.
SUBMISSION_WAIT_SECONDS = env.int("SUBMISSION_WAIT_SECONDS", default=10)
SUBMISSION_KEEP_DAYS = env.int("SUBMISSION_KEEP_DAYS", default=30)
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=20)
# Roster import (roster/): upload limits, zip-bomb limits, and the size run in the background.
ROSTER_MAX_UPLOAD_MB = env.int("ROSTER_MAX_UPLOAD_MB", default=10)
ROSTER_MAX_UNCOMPRESSED_MB = env.int("ROSTER_MAX_UNCOMPRESSED_MB", default=100)
ROSTER_MAX_ZIP_ENTRIES = env.int("ROSTER_MAX_ZIP_ENTRIES", default=1000)
ROSTER_MAX_COMPRESSION_RATIO = env.int("ROSTER_MAX_COMPRESSION_RATIO", default=100)
ROSTER_ASYNC_ROWS = env.int("ROSTER_ASYNC_ROWS", default=2000)
# Pair health (health/rules.py, docs/attention.md): days after the start without a held meeting, days
# without a held meeting, days before the planned end without feedback, the satisfaction mean (1–10)
# below which a pair is at risk; reminder letters to one mentor per 7 days.
HEALTH_FIRST_MEETING_DAYS = env.int("HEALTH_FIRST_MEETING_DAYS", default=14)
HEALTH_NO_MEETING_DAYS = env.int("HEALTH_NO_MEETING_DAYS", default=30)
HEALTH_ENDING_DAYS = env.int("HEALTH_ENDING_DAYS", default=14)
HEALTH_SATISFACTION_THRESHOLD = env.float("HEALTH_SATISFACTION_THRESHOLD", default=5.0)
HEALTH_REMINDERS_PER_WEEK = env.int("HEALTH_REMINDERS_PER_WEEK", default=1)
# In-portal notifications (the bell) are deleted after this many days.
NOTIFICATIONS_KEEP_DAYS = env.int("NOTIFICATIONS_KEEP_DAYS", default=90)
# An import preview nobody confirmed is cancelled after this many days; its file and rows are deleted.
ROSTER_PREVIEW_DAYS = env.int("ROSTER_PREVIEW_DAYS", default=7)

# Public page «Наставничество»: upload limits, how long the rendered page is kept in the cache (a
# published change shows at once anyway: the cache key changes), and who may frame /mentoring/embed/.
PUBLIC_DOCUMENT_MAX_MB = env.int("PUBLIC_DOCUMENT_MAX_MB", default=20)
PUBLIC_PICTURE_MAX_MB = env.int("PUBLIC_PICTURE_MAX_MB", default=5)
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=300)
PUBLIC_EMBED_ANCESTORS = env.list("PUBLIC_EMBED_ANCESTORS", default=["*"])

# Edge helpers (config/files.py, config/pdf.py): the largest picture decoded (a decompression bomb is
# refused before any pixel is read) and the largest HTML document WeasyPrint lays out.
PICTURE_MAX_PIXELS = env.int("PICTURE_MAX_PIXELS", default=40_000_000)
PDF_MAX_HTML_CHARS = env.int("PDF_MAX_HTML_CHARS", default=5_000_000)

# The monitoring hub (hub/, docs/hub.md): the same code deployed for a municipality or a region collects the
# schools' reports. Off on a school's portal: the hub's pages and its reception answer 404.
HUB_ENABLED = env.bool("HUB_ENABLED", default=False)
# A school portal's link to its hub (exchange/, docs/hub.md): where the reports go, the school's code at the
# hub and the key the hub gave it. Without HUB_URL nothing is sent.
HUB_URL = env("HUB_URL", default="")
HUB_SCHOOL_CODE = env("HUB_SCHOOL_CODE", default="")
HUB_KEY_ID = env("HUB_KEY_ID", default="")
HUB_KEY_SECRET = env("HUB_KEY_SECRET", default="")
# Requests made for one report before it is given up (retried after 1, 2, 4, 8 … minutes, at most 6 h apart).
HUB_PUSH_MAX_ATTEMPTS = env.int("HUB_PUSH_MAX_ATTEMPTS", default=10)

# The open API (api/, docs/api.md): tokens per integration, read-only, Russian errors, a rate per token.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/min")
# How long the KPI endpoint keeps the figures of a date in the cache (0: computed on every request).
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Наставничество: открытый API школы",
    "DESCRIPTION": "Показатели, дорожная карта, обезличенные сводные данные, чек-лист мониторинга и "
    "(только с областью registry, каждое чтение в журнале) реестр. Токен: Authorization: Bearer <токен>.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The docs page's Swagger UI is served by the portal itself (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Applications to join (joining/, docs/joining.md): POSTs of the public forms per IP address in the window
# (the whole school may share one address, hence generous), the least seconds a person takes to fill a form
# (a quicker one is a robot), how long a shown form may be sent, how long declined applications are kept.
JOIN_PER_IP = env.int("JOIN_PER_IP", default=20)
JOIN_WINDOW_MINUTES = env.int("JOIN_WINDOW_MINUTES", default=60)
JOIN_MIN_FILL_SECONDS = env.int("JOIN_MIN_FILL_SECONDS", default=5)
JOIN_MAX_FORM_AGE_HOURS = env.int("JOIN_MAX_FORM_AGE_HOURS", default=24)
JOIN_DECLINED_KEEP_MONTHS = env.int("JOIN_DECLINED_KEEP_MONTHS", default=6)
