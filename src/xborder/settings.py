"""xborder settings: one file, driven by the environment (12-factor).

With nothing set the platform runs on an embedded SQLite file under ``var/`` and executes Celery
tasks eagerly; ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``REDIS_URL`` switch it to real services.
"""

import os
from pathlib import Path

import dj_database_url

from xborder.core.secrets import dev_secret

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("XBORDER_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("XBORDER_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("XBORDER_DEBUG", False)
SECRET_KEY = os.environ.get("XBORDER_SECRET_KEY") or dev_secret(VAR_DIR, "secret_key")
ALLOWED_HOSTS = env_list("XBORDER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("XBORDER_CSRF_TRUSTED_ORIGINS")

# Fernet keys, newest first; older keys still decrypt so keys can be rotated (see rotate_pii_keys).
PII_KEYS = env_list("XBORDER_PII_KEYS") or [dev_secret(VAR_DIR, "pii_key", kind="fernet")]
# The keyed hash that looks identities up; separate from PII_KEYS so rotating those keeps lookups stable.
PII_HASH_KEY = os.environ.get("XBORDER_PII_HASH_KEY") or dev_secret(VAR_DIR, "pii_hash_key")

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
    "django_countries",
    "django_htmx",
    "ninja",
    "xborder.core",
    "xborder.accounts",
    "xborder.pricing",
    "xborder.sellers",
    "xborder.catalog",
    "xborder.inventory",
    "xborder.duties",
    "xborder.orders",
    "xborder.payments",
    "xborder.checkout",
    "xborder.customs",
    "xborder.settlement",
    "xborder.logistics",
    "xborder.returns",
    "xborder.storefront",
    "xborder.sellerportal",
    "xborder.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xborder.core.middleware.ServerTimingMiddleware",
]

ROOT_URLCONF = "xborder.urls"
WSGI_APPLICATION = "xborder.wsgi.application"
ASGI_APPLICATION = "xborder.asgi.application"

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
            ],
        },
    },
]

SQLITE_PATH = VAR_DIR / "xborder.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + busy timeout + IMMEDIATE transactions let several server processes share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES and env_bool("XBORDER_DB_PREPARED_STATEMENTS", True):
    # Server-side parameters, and psycopg preparing a statement from its 5th run on a connection, so PostgreSQL
    # parses and plans it once (half its CPU per order placed). Turn off behind a transaction-pooling PgBouncer.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "storefront:home"
LOGOUT_REDIRECT_URL = "storefront:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xborder"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
# Periodic work. Production runs `celery beat`; the embedded default runs the same table in-process
# (`python -m xborder run_schedule`, started by `make run`). Intervals in seconds.
CELERY_BEAT_SCHEDULE = {
    "orders.expire_unpaid": {"task": "xborder.orders.tasks.expire_unpaid_orders", "schedule": 60.0},
    "customs.declare_paid_packages": {"task": "customs.declare_paid_packages", "schedule": 15.0},
    "customs.poll_receipts": {"task": "customs.poll_receipts", "schedule": 15.0},
    "customs.declare_pending_returns": {"task": "customs.declare_pending_returns", "schedule": 60.0},
    "core.sweep_outbox": {"task": "core.sweep_outbox", "schedule": 30.0},
    "logistics.poll_carriers": {"task": "logistics.poll_carriers", "schedule": 300.0},
    "settlement.record_paid_orders": {"task": "settlement.record_paid_orders", "schedule": 60.0},
    "settlement.record_closed_orders": {"task": "settlement.record_closed_orders", "schedule": 300.0},
    "settlement.release_due_payables": {"task": "settlement.release_due_payables", "schedule": 3600.0},
    "settlement.run_payouts": {"task": "settlement.run_payouts", "schedule": 86400.0},
    "settlement.agency_fees": {"task": "settlement.record_last_months_agency_fees", "schedule": 86400.0},
    "sellers.flag_expiring_documents": {
        "task": "xborder.sellers.tasks.flag_expiring_documents",
        "schedule": 86400.0,
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("XBORDER_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

XBORDER = {
    "HOME_CURRENCY": "CNY",
    "HOME_COUNTRY": os.environ.get("XBORDER_HOME_COUNTRY", "CN"),
    "LOGIN_RATE_LIMIT": os.environ.get("XBORDER_LOGIN_RATE_LIMIT", "10/m"),
    "ORDER_UNPAID_MINUTES": int(os.environ.get("XBORDER_ORDER_UNPAID_MINUTES", "30")),
    "PAYMENT_GATEWAY": os.environ.get("XBORDER_PAYMENT_GATEWAY", "sandbox"),
    "PAYMENT_FEE_RATE": os.environ.get("XBORDER_PAYMENT_FEE_RATE", "0"),
    # HMAC secret of the sandbox payment platform's notifications; a dev secret in var/ when unset.
    "SANDBOX_PAY_SECRET": os.environ.get("XBORDER_SANDBOX_PAY_SECRET", ""),
    # Freight when a store has no shipping rule: first kg, each further kg (CNY).
    "DEFAULT_FREIGHT": tuple(env_list("XBORDER_DEFAULT_FREIGHT", "20.00,10.00")),
}

# The enterprises our customs declarations name, and where they go (the customs single window).
XBORDER_CUSTOMS = {
    "GATEWAY_URL": os.environ.get("XBORDER_CUSTOMS_GATEWAY_URL", ""),  # empty: the simulator in this process
    "RECEIPT_TOKEN": os.environ.get("XBORDER_CUSTOMS_RECEIPT_TOKEN", ""),  # empty: derived from SECRET_KEY
    "EBP_CODE": os.environ.get("XBORDER_CUSTOMS_EBP_CODE", "3105960XBR"),
    "EBP_NAME": os.environ.get("XBORDER_CUSTOMS_EBP_NAME", "xborder 跨境商城"),
    "DXP_ID": os.environ.get("XBORDER_CUSTOMS_DXP_ID", "DXPENT0000000001"),
    "AGENT_CODE": os.environ.get("XBORDER_CUSTOMS_AGENT_CODE", ""),  # empty: the platform declares itself
    "AGENT_NAME": os.environ.get("XBORDER_CUSTOMS_AGENT_NAME", ""),
    "LOGISTICS_CODE": os.environ.get("XBORDER_CUSTOMS_LOGISTICS_CODE", "3105980LOG"),
    "LOGISTICS_NAME": os.environ.get("XBORDER_CUSTOMS_LOGISTICS_NAME", "xborder 物流"),
    "PAY_CODE": os.environ.get("XBORDER_CUSTOMS_PAY_CODE", "3105968PAY"),
    "PAY_NAME": os.environ.get("XBORDER_CUSTOMS_PAY_NAME", "xborder 支付"),
    "DIRECT_MAIL_PORT": os.environ.get("XBORDER_CUSTOMS_DIRECT_MAIL_PORT", "2244"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_pii": {"()": "xborder.core.pii.RedactPIIFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_pii"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("XBORDER_LOG_LEVEL", "INFO")},
}
