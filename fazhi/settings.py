"""fazhi settings, read from environment variables (see README, "Configuration")."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fazhi.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FAZHI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    given = env_str("SECRET_KEY")
    if given:
        return given
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Signs backup manifests (fazhi.core.backup): set the same value on every server that restores
# another's backups; empty: derived from SECRET_KEY.
BACKUP_KEY = env_str("FAZHI_BACKUP_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fazhi.core",
    "fazhi.enforcement",
    "fazhi.grid",
    "fazhi.mediation",
    "fazhi.litigation",
    "fazhi.petitions",
    "fazhi.legal",
    "fazhi.disclosure",
    "fazhi.education",
    "fazhi.planning",
    "fazhi.reports",
    "fazhi.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): passed the second factor
    "fazhi.core.middleware.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.ActorMiddleware",
    "axes.middleware.AxesMiddleware",
    "fazhi.core.security.AccountSecurityMiddleware",  # second factor, then password age
]

ROOT_URLCONF = "fazhi.urls"

# One cache for every worker of the server on this machine (files under var/cache): the public
# forms' rate limits and single-use challenges (core/intake.py) must count across workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}
WSGI_APPLICATION = "fazhi.wsgi.application"
ASGI_APPLICATION = "fazhi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "fazhi.core.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:pass@host:5432/fazhi; default a SQLite file in var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: writers queue for the lock at BEGIN, so the ledger chain is appended in order.
        "transaction_mode": "IMMEDIATE",
        # seconds a writer waits for the lock before "database is locked"
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("FAZHI_TEST_DB", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# 等保 level 3: session timeout and lockout after repeated failures (GB/T 22239-2019 身份鉴别).
SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = (
    False  # refreshed at most once a minute (core.middleware.SessionRefreshMiddleware)
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]  # lock the account, whatever the address (等保 身份鉴别)
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # recent failures on the security administrator's page
AXES_LOCKOUT_CALLABLE = "fazhi.core.security.lockout_response"  # a Chinese page, not axes' English
# Password expiry in days (0: never); a password set by an administrator is changed at next sign-in.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
# Two-factor sign-in (TOTP authenticator app) for privileged users (等保 身份鉴别): the roles that
# must use it, and whether it is enforced (off by default so that `make demo` needs no app).
FAZHI_2FA_ROLES = env_list("FAZHI_2FA_ROLES", ["sysadmin", "secadmin", "auditor"])
FAZHI_2FA_REQUIRED = env_bool("FAZHI_2FA_REQUIRED", False)
# API tokens (one per device or system): validity in days when none is asked for, and at most.
FAZHI_TOKEN_DAYS = env_int("FAZHI_TOKEN_DAYS", 90)
FAZHI_TOKEN_MAX_DAYS = env_int("FAZHI_TOKEN_MAX_DAYS", 365)
OTP_TOTP_ISSUER = "法治政府建设工作平台"  # the name an authenticator app shows beside the code

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    # Attachments go through Django's storage API; set FAZHI_STORAGE_BACKEND to an S3-compatible
    # backend (e.g. storages.backends.s3.S3Storage) in a province-scale deployment.
    "default": {"BACKEND": env_str("FAZHI_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Attachments (core.attachments): largest upload, in megabytes.
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Ledger hash: SM3 (GB/T 32905, default) or SHA-256.
LEDGER_HASH = env_choice("LEDGER_HASH", "sm3", ("sm3", "sha256"))
# `fazhi ledger verify` walks the chains (one per town) in this many threads.
LEDGER_VERIFY_WORKERS = env_int("LEDGER_VERIFY_WORKERS", 4)
# How often the heads of the town chains are anchored into the system chain (seconds; 0: only
# by `fazhi ledger anchor`). The sealer anchors after a commit once the newest anchor is older.
LEDGER_ANCHOR_SECONDS = env_int("LEDGER_ANCHOR_SECONDS", 60)

# Background work: django-tasks with its database backend (`fazhi db_worker`).
# FAZHI_TASKS=immediate runs tasks in the request (tests, single-process demos).
_tasks_mode = env_choice("FAZHI_TASKS", "database", ("database", "immediate"))
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if _tasks_mode == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "fazhi.core.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "fazhi.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi API",
    "DESCRIPTION": "法治政府建设工作平台 REST API",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # the schema and its browser are for signed-in users and systems holding a token, not the
    # public (issue 17); the checked-in copy is docs/openapi.yaml
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Hearing thresholds (较大数额罚款, 行政处罚法 第六十三条) are set by the province. Defaults are the
# figures of a Hunan rule: ¥1,000 for a citizen, ¥20,000 for an organization.
HEARING_FINE_CITIZEN = env_int("HEARING_FINE_CITIZEN", 1000)
HEARING_FINE_ORGANIZATION = env_int("HEARING_FINE_ORGANIZATION", 20000)
# 没收较大数额违法所得、较大价值非法财物 (第六十三条第一款第二项), also set by the province; by default the
# same figures as the fines (see fazhi/enforcement/rules.py).
HEARING_CONFISCATION_CITIZEN = env_int("HEARING_CONFISCATION_CITIZEN", HEARING_FINE_CITIZEN)
HEARING_CONFISCATION_ORGANIZATION = env_int("HEARING_CONFISCATION_ORGANIZATION", HEARING_FINE_ORGANIZATION)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "fazhi.core.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must not be an insecure development key when DEBUG is off")
