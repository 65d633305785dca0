"""Settings shared by every environment; each value that differs between them comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_filters",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# The project's own apps, one per part of the rules (DESIGN: Architecture).
PROJECT_APPS = ["core", "committee", "members", "duties", "meetings", "reports", "documents", "outreach", "api"]
INSTALLED_APPS += PROJECT_APPS
# Benchmark data at scale (`manage.py generate_scale_data`): a tool above every app, imported by none of them.
INSTALLED_APPS += ["scale"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: a request announcing more than the limit is answered 413 unread.
    "committee.uploads.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "committee.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A page that only reads reads the user's appointments once, however many questions it asks.
    "committee.middleware.ReadingOnceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "committee.middleware.SessionIdleTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Size limits. Form text (no files) up to DATA_UPLOAD_MAX_MEMORY_SIZE; an attachment up to ATTACHMENT_MAX_BYTES
# (core/attachments.py). The first upload handler stops reading a body past both together (committee/uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "committee.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
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
                "django.template.context_processors.i18n",
                "committee.context_processors.current_committee",
            ],
        },
    },
]

# The embedded default is SQLite so that `make run` needs no service; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Without a busy timeout the web process and the worker trip over each other's writes.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (login, address) before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one login from one address,
# that pair is locked for LOGIN_LOCKOUT_MINUTES (each new try during the lockout starts the wait again).
# The system administrator unlocks in the admin (访问尝试: delete the row) or with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "committee.views.login_locked_out"
# Behind the intranet's proxy, the client's address is the proxy's X-Forwarded-For entry (0: no proxy).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Sessions: a shared office PC forgets the login when the browser closes, and after SESSION_IDLE_MINUTES
# without a request (committee.middleware.SessionIdleTimeoutMiddleware).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False

# Content-Security-Policy (django-csp): scripts and styles from this site's static files only; no inline
# script, no inline style attribute, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files and rendered PDFs on S3-compatible storage (MinIO in docker-compose.yml) when a bucket is named, so
# that every machine running web or a worker sees the same files; the embedded default keeps them under MEDIA_ROOT.
# Files are only ever sent by views that asked the authority service (never from MEDIA_URL or a bucket URL), so the
# bucket stays private.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Empty: boto3's own chain (instance role, ~/.aws) supplies the credentials.
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # MinIO and most on-premises stores answer at endpoint/bucket/key, not at bucket.endpoint/key.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,
            "querystring_auth": True,
            # As on the filesystem: a name already taken gets a suffix rather than replacing the other file.
            "file_overwrite": False,
        },
    }

# Cache and sessions in Redis when CACHE_URL (or REDIS_URL) is set, shared by every web process on every machine;
# sessions are cached_db, so they are read from Redis and survive its restart. The embedded default keeps Django's
# per-process memory cache and database sessions.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "committee"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Celery: a real worker in every environment. The embedded default uses kombu's filesystem
# transport, so `make run` needs no broker service; CELERY_BROKER_URL or REDIS_URL selects Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "filesystem://localhost/"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # A message is acknowledged after its task (acks_late): one whose worker died is delivered again after
    # this many seconds, which must exceed the longest task (a render: 330 s hard limit).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'celery' / 'results'}"
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Rendering (WeasyPrint: slow, memory-hungry) and notifications (SMTP: many small, quick) have queues of their own, so
# a run of PDFs never holds up the mail and each can get its own workers (docker-compose.yml: `render`, `worker`).
# Everything else (outbox relay, reminders, digests queueing, pruning) stays on the default queue. A worker started
# without -Q (`make run`) consumes every queue in CELERY_TASK_QUEUES.
RENDER_QUEUE = "render"
NOTIFICATIONS_QUEUE = "notifications"
CELERY_TASK_ROUTES = {
    "core.tasks.render_job_run": {"queue": RENDER_QUEUE},
    "committee.tasks.notification_deliver": {"queue": NOTIFICATIONS_QUEUE},
    "committee.tasks.notifications_deliver": {"queue": NOTIFICATIONS_QUEUE},
    "committee.tasks.notification_digest_send": {"queue": NOTIFICATIONS_QUEUE},
}
CELERY_TASK_QUEUES = [
    Queue(name, routing_key=name) for name in (CELERY_TASK_DEFAULT_QUEUE, RENDER_QUEUE, NOTIFICATIONS_QUEUE)
]
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Publishing never waits long on a broker that is down; the outbox keeps what could not be sent.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}

# Side effects are outbox rows; after a commit a background thread relays them (off in tests, which relay
# explicitly), and the beat relays the rest.
OUTBOX_NUDGE = env_bool("OUTBOX_NUDGE", True)
# A render still running after this many seconds was abandoned by its worker and is taken up again.
RENDER_STALE_SECONDS = int(os.environ.get("RENDER_STALE_SECONDS", "420"))

# The address people open the site at (scheme, host and port, no path): every link in an e-mail starts with it.
# Required in production (a system check says so when it is missing); `make run` serves at HOST:PORT.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds an SMTP server may take to answer: below the e-mail task's time limit, so that a hung server is retried.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# The address notification e-mail comes from; the display name is the committee office's, from the database.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The committee that a fresh installation loads (see committee/data/).
COMMITTEE_RULES_DATA = os.environ.get("COMMITTEE_RULES_DATA", str(BASE_DIR / "committee" / "data" / "miyun"))
COMMITTEE_DATA = BASE_DIR / "committee" / "data"
# The committees `load_rules` loads without --data (comma-separated folders; each parent is loaded before its
# children whatever the order): the district, the town, and the three demo towns (production.py leaves those out).
COMMITTEE_TREE = env_list("COMMITTEE_TREE") or [
    str(COMMITTEE_DATA / "miyun-district"),
    COMMITTEE_RULES_DATA,
    *sorted(str(folder) for folder in (COMMITTEE_DATA / "demo").iterdir() if (folder / "committee.toml").exists()),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The open API (api/, README: 开放接口) for the district's correction information platform: a token or the browser's
# session, JSON only (the browsable API's pages carry inline scripts the Content-Security-Policy refuses), pages of
# API_PAGE_SIZE rows, filters from django-filter, and the OpenAPI 3 schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": int(os.environ.get("API_PAGE_SIZE", "50")),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("社区矫正委员会工作系统开放接口"),
    "DESCRIPTION": _(
        "只读接口覆盖委员会、成员单位及职责、会议及决定事项、督办事项、年度报告报送情况和公文元数据；"
        "写接口仅限联络员填报督办进展和签收公文。所有数据均按登录账号的职权过滤。"
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's scripts and styles come from the sidecar's static files: no CDN on a government intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each choice set under its own name (several are called `kind` or `state` on their models).
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "members.models.UnitKind",
        "MeetingKindEnum": "meetings.models.MeetingKind",
        "MeetingStateEnum": "meetings.models.MeetingState",
        "ImportanceEnum": "meetings.models.Importance",
        "TaskStatusEnum": "duties.models.TaskStatus",
        "TaskSignalEnum": "duties.models.Signal",
        "TaskUpdateKindEnum": "duties.models.UpdateKind",
        "ReportStateEnum": "reports.models.ReportState",
        "DocumentKindEnum": "documents.models.DocumentKind",
        "DocumentStateEnum": "documents.models.DocumentState",
    },
}

# Official documents: the QR code in a signed PDF's colophon points at SITE_URL (above) + the verification page.
# The page is for logged-in users unless DOCUMENT_VERIFY_PUBLIC is on (then anyone holding the paper may check it).
DOCUMENT_VERIFY_PUBLIC = env_bool("DOCUMENT_VERIFY_PUBLIC", False)
