"""Settings shared by every environment. Values that differ per machine come from :func:`config`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from werkroute.conf.env import config

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent

VAR_DIR = Path(
    config(
        "WERKROUTE_VAR_DIR",
        default=str(PROJECT_ROOT / "var"),
        help_text="Folder for the SQLite database and other local state.",
        documented_default="`var/` in the project folder",
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = config(
    "SECRET_KEY",
    default="insecure-development-key-change-me",
    help_text="Django's secret key. Required in production; the default is only for development and tests.",
)
# Development and test keys, public on purpose: production refuses to start with them (production.py).
DEVELOPMENT_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGk="
DEVELOPMENT_LOOKUP_HASH_KEY = "development-lookup-hash-key-not-for-production"
WERKROUTE_ENCRYPTION_KEYS = config(
    "WERKROUTE_ENCRYPTION_KEYS",
    default=[DEVELOPMENT_ENCRYPTION_KEY],
    help_text="Comma-separated Fernet keys for data encrypted at rest (BSN); the first encrypts, all decrypt. "
    "Make one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`.",
)
WERKROUTE_LOOKUP_HASH_KEY = config(
    "WERKROUTE_LOOKUP_HASH_KEY",
    default=DEVELOPMENT_LOOKUP_HASH_KEY,
    help_text="Secret for the keyed hashes by which encrypted values are found. Changing it needs a rehash.",
)
DEBUG = config(
    "DEBUG",
    default=False,
    help_text="Django debug mode. On by default in `werkroute.conf.dev`; always off in production.",
)
ALLOWED_HOSTS = config(
    "ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost"],
    help_text="Comma-separated host names this instance answers to.",
)
SHARED_DATA_DIR = Path(
    config(
        "WERKROUTE_SHARED_DATA",
        default=str(PROJECT_ROOT.parent / "shared" / "data"),
        help_text="Folder with the public reference data (CBS municipalities, PC4 centroids, ESCO CSV files).",
        documented_default="`shared/data` beside the project folder",
    )
)

DATABASES = {
    "default": dj_database_url.parse(
        config(
            "DATABASE_URL",
            default=f"sqlite:///{VAR_DIR / 'werkroute.sqlite3'}",
            help_text="Database URL, e.g. `postgres://user@127.0.0.1:5432/werkroute`.",
            documented_default="SQLite file `werkroute.sqlite3` in `WERKROUTE_VAR_DIR`",
        ),
        conn_max_age=config(
            "DATABASE_CONN_MAX_AGE", default=0, help_text="Seconds a database connection is kept open."
        ),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a long import writes; a busy timeout avoids spurious locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "werkroute.core",
    "werkroute.regions",
    "werkroute.accounts",
    "werkroute.taxonomy",
    "werkroute.cases",
    "werkroute.audit",
    "werkroute.placements",
    "werkroute.monitoring",
    "werkroute.privacy",
    "werkroute.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Encloses everything below, so that the entries of a request are written after its transactions.
    "werkroute.audit.middleware.AuditMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "werkroute.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "werkroute.audit.middleware.UnknownSessionMiddleware",
    "werkroute.audit.refusals.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "werkroute.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "werkroute.core.middleware.PrivateNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "werkroute.urls"
WSGI_APPLICATION = "werkroute.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "werkroute.accounts.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses logins for a locked-out username before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
WERKROUTE_REQUIRE_TWO_FACTOR = config(
    "REQUIRE_TWO_FACTOR",
    default=True,
    help_text="Every account except the demo accounts must confirm a TOTP code after the password.",
)
OTP_TOTP_ISSUER = "Werkroute"
AXES_FAILURE_LIMIT = config(
    "LOGIN_FAILURE_LIMIT", default=5, help_text="Failed logins for one username before it is locked out."
)
AXES_COOLOFF_TIME = timedelta(
    minutes=config(
        "LOGIN_LOCKOUT_MINUTES",
        default=15,
        help_text="Minutes a username stays locked out after too many failures.",
    )
)
# By username, not by IP address: municipal desks share one outgoing address, and a lockout by IP
# would shut out a whole office because of one person's typing.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
# axes.W006 asks to lock by IP address as well; see the reason above for locking by username only.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = config(
    "SESSION_COOKIE_AGE", default=30 * 60, help_text="Seconds of inactivity after which a session expires."
)
SESSION_SAVE_EVERY_REQUEST = True  # the age above counts from the last request, not from login
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# No inline script or style, no other origins: everything the pages need is served by this application.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_ROOT / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
WERKROUTE_MAX_REQUEST_BYTES = config(
    "WERKROUTE_MAX_REQUEST_BYTES",
    default=10 * 1024 * 1024,
    help_text="Largest request body accepted, uploads included, in bytes; larger requests are refused "
    "and logged. Keep the web server's own limit (e.g. nginx client_max_body_size) at or above this.",
)
WERKROUTE_RETENTION_YEARS = config(
    "WERKROUTE_RETENTION_YEARS",
    default=7,
    help_text="Years after the last recorded event of a case file before `werkroute retention` deletes it "
    "(keeping a pseudonymised trace). Set it to what the municipality's selection list (Archiefwet) says.",
)
# Refusals get a Dutch page and an audit entry (audit/refusals.py); handler400/403 are set in urls.py.
CSRF_FAILURE_VIEW = "werkroute.audit.refusals.csrf_failure"

LOG_LEVEL = config("LOG_LEVEL", default="INFO", help_text="Level of the application log (to stdout).")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Marks the settings modules that must never run with demo accounts (see accounts.checks).
WERKROUTE_PRODUCTION = False
