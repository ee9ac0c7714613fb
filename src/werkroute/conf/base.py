"""Settings shared by every environment. Values that differ per machine come from :func:`config`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from werkroute.conf.env import config
from werkroute.conf.logs import configure_structlog, logging_config

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
DEVELOPMENT_AUDIT_KEY = "dev:development-audit-key-not-for-production"
WERKROUTE_AUDIT_KEYS = config(
    "WERKROUTE_AUDIT_KEYS",
    default=[DEVELOPMENT_AUDIT_KEY],
    help_text="Comma-separated `id:secret` pairs keying the audit log's hash chain (HMAC-SHA256) and its "
    "checkpoints. The first signs, all verify: to rotate, put a new pair first and keep the old ones. Keep "
    "them outside the database (a secret store), or the chain can be recomputed by whoever edits it.",
)
WERKROUTE_AUDIT_CHECKPOINT_FILE = Path(
    config(
        "WERKROUTE_AUDIT_CHECKPOINT_FILE",
        default=str(VAR_DIR / "audit-checkpoints.jsonl"),
        help_text="Append-only file to which `werkroute audit checkpoint` adds a signed line (entries, "
        "newest hash, time); `werkroute audit verify` checks the log against it. Put it outside the "
        "database server, e.g. on storage with `chattr +a` or a log shipper.",
        documented_default="`audit-checkpoints.jsonl` in `WERKROUTE_VAR_DIR`",
    )
)
WERKROUTE_UNKNOWN_SESSION_WINDOW_SECONDS = config(
    "WERKROUTE_UNKNOWN_SESSION_WINDOW_SECONDS",
    default=600,
    help_text="Requests with an unknown session cookie are audited as one entry per source address per "
    "window of this many seconds, with the count of the previous window.",
)
WERKROUTE_UNKNOWN_SESSION_MAX_ENTRIES = config(
    "WERKROUTE_UNKNOWN_SESSION_MAX_ENTRIES",
    default=100,
    help_text="At most this many audit entries for unknown session cookies per window, over all sources; "
    "beyond it requests are only counted.",
)
WERKROUTE_GC_FREEZE = config(
    "WERKROUTE_GC_FREEZE",
    default=True,
    help_text="Freeze the objects of the loaded application out of Python's garbage collector when a web "
    "process starts (`core/garbage.py`): full collections then no longer scan them, which was the p95 "
    "tail of the pages.",
)
WERKROUTE_GC_YOUNG_THRESHOLD = config(
    "WERKROUTE_GC_YOUNG_THRESHOLD",
    default=20_000,
    help_text="Allocations between two collections of the youngest generation in a web process "
    "(Python's own default is 700; 0 leaves it as it is).",
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
    "huey.contrib.djhuey",
    "oauth2_provider",
    "werkroute.core",
    "werkroute.regions",
    "werkroute.accounts",
    "werkroute.taxonomy",
    "werkroute.cases",
    "werkroute.audit",
    "werkroute.placements",
    "werkroute.monitoring",
    "werkroute.privacy",
    "werkroute.portal",
    "werkroute.administration",
    "werkroute.knowledge",
    "werkroute.followup",
    "werkroute.api",
    "werkroute.demo",
]

MIDDLEWARE = [
    # Outermost: the request id, the log line and the metrics cover everything below.
    "werkroute.core.observability.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Encloses everything below, so that the entries of a request are written after its transactions.
    "werkroute.audit.middleware.AuditMiddleware",
    "werkroute.api.middleware.ApiVersionMiddleware",
    "werkroute.core.middleware.SlidingSessionMiddleware",
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
                "werkroute.core.context_processors.languages",
                "werkroute.core.queue.queue_status",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses logins for a locked-out username before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Clients sign in to the portal with DigiD through an OpenID Connect broker (portal/oidc.py).
    "werkroute.portal.oidc.DigiDBackend",
]
OIDC_RP_CLIENT_ID = config(
    "OIDC_RP_CLIENT_ID",
    default="",
    help_text="Client id of Werkroute at the DigiD OpenID Connect broker; empty: no DigiD sign-in offered.",
)
OIDC_RP_CLIENT_SECRET = config("OIDC_RP_CLIENT_SECRET", default="", help_text="Its client secret.")
OIDC_OP_AUTHORIZATION_ENDPOINT = config(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", default="", help_text="The broker's authorization endpoint."
)
OIDC_OP_TOKEN_ENDPOINT = config(
    "OIDC_OP_TOKEN_ENDPOINT", default="", help_text="The broker's token endpoint."
)
OIDC_OP_USER_ENDPOINT = config(
    "OIDC_OP_USER_ENDPOINT", default="", help_text="The broker's userinfo endpoint."
)
OIDC_OP_JWKS_ENDPOINT = config(
    "OIDC_OP_JWKS_ENDPOINT", default="", help_text="The broker's key set (for RS256-signed ID tokens)."
)
OIDC_OP_LOGOUT_ENDPOINT = config(
    "OIDC_OP_LOGOUT_ENDPOINT",
    default="",
    help_text=(
        "The broker's end_session_endpoint: logging out of the portal ends the DigiD session there too "
        "(register <site>/mijn/inloggen/ as post-logout redirect URI). Empty: only our session ends."
    ),
)
# The ID token is the hint the broker's logout asks for; kept in the (server-side) session until logout.
OIDC_STORE_ID_TOKEN = True
OIDC_RP_SIGN_ALGO = config("OIDC_RP_SIGN_ALGO", default="RS256", help_text="How the broker signs ID tokens.")
OIDC_RP_SCOPES = config("OIDC_RP_SCOPES", default="openid", help_text="Scopes asked of the broker.")
OIDC_BSN_CLAIM = config(
    "OIDC_BSN_CLAIM", default="bsn", help_text="The claim in which the broker gives the citizen's BSN."
)
OIDC_AUTHENTICATION_CALLBACK_URL = "portal:digid_callback"
# Proof key for the code exchange (RFC 7636): a stolen authorization code alone is worthless.
OIDC_USE_PKCE = True
LOGIN_REDIRECT_URL_FAILURE = "/mijn/digid/onbekend/"
# A DigiD sign-in is itself the strong authentication: no second factor of ours on top.
WERKROUTE_SECOND_FACTOR_EXEMPT_BACKENDS = ("werkroute.portal.oidc.DigiDBackend",)
WERKROUTE_REQUIRE_TWO_FACTOR = config(
    "REQUIRE_TWO_FACTOR",
    default=True,
    help_text="Every account must confirm a TOTP code after the password (demo accounts only while "
    "`WERKROUTE_DEMO` is on).",
)
# The demo accounts (public password, `is_demo_account`) skip the second factor only while this is on.
# A flag in the database alone must never exempt an account: production forces it off (production.py).
WERKROUTE_DEMO = config(
    "WERKROUTE_DEMO",
    default=False,
    help_text="Demo mode: the demo accounts skip the second factor. On by default in `werkroute.conf.dev`; "
    "always off in production.",
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
# oauth2_provider.W010 asks for PKCE, which protects the authorisation-code flow; the API has only client
# credentials (see OAUTH2_PROVIDER below).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "oauth2_provider.W010"]
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
# The age above counts from the last request, not from login: core.middleware.SlidingSessionMiddleware
# moves the expiry on, at most once per this many seconds (instead of a write on every request).
SESSION_SAVE_EVERY_REQUEST = False
WERKROUTE_SESSION_REFRESH_S = config(
    "WERKROUTE_SESSION_REFRESH_S",
    default=60,
    help_text="Seconds between two moves of a session's inactivity expiry; the timeout may run out this much "
    "before SESSION_COOKIE_AGE.",
)
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
# The portal speaks the languages of the clients; the staff pages only Dutch and English (their other
# catalogues are the portal's texts alone). Names are shown in their own language (name_local).
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("ti", _("Tigrinya")),
    ("fa", _("Dari/Farsi")),
    ("uk", _("Oekraïens")),
]
WERKROUTE_STAFF_LANGUAGES = ("nl", "en")
# Date formats for Tigrinya (Django has formats for the other languages).
FORMAT_MODULE_PATH = ["werkroute.portal.formats"]
# Django ships no locale data for Tigrinya: without this entry get_language_info("ti") fails. The
# translations themselves are in portal/locale/ti/.
LANG_INFO.setdefault("ti", {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"})
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
DEFAULT_FROM_EMAIL = config(
    "DEFAULT_FROM_EMAIL",
    default="werkroute@localhost",
    help_text="Sender of the e-mails Werkroute sends (e.g. the notice that a second factor was reset).",
)
WERKROUTE_SITE_URL = config(
    "WERKROUTE_SITE_URL",
    default="http://127.0.0.1:8000",
    help_text="The address people reach Werkroute at, without a trailing slash; notification e-mails link "
    "to it (they carry only a link, never the content or a name).",
)
EMAIL_HOST = config("EMAIL_HOST", default="localhost", help_text="SMTP server for outgoing e-mail.")
EMAIL_PORT = config("EMAIL_PORT", default=25, help_text="Port of the SMTP server.")
EMAIL_USE_TLS = config("EMAIL_USE_TLS", default=False, help_text="Use STARTTLS with the SMTP server.")

# Refusals get a Dutch page and an audit entry (audit/refusals.py); handler400/403 are set in urls.py.
CSRF_FAILURE_VIEW = "werkroute.audit.refusals.csrf_failure"

LOG_LEVEL = config("LOG_LEVEL", default="INFO", help_text="Level of the application log (to stdout).")
LOG_FORMAT = config(
    "LOG_FORMAT",
    default="console",
    help_text="`json` writes one JSON object per line (for a log collector), `console` readable lines. "
    "Every line of a request carries its `request_id`, the id of its audit entries.",
    documented_default="`json` in production, `console` elsewhere",
)
configure_structlog()
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)

WERKROUTE_METRICS_TOKEN = config(
    "WERKROUTE_METRICS_TOKEN",
    default="",
    help_text="Bearer token Prometheus sends to `/metrics/` (`Authorization: Bearer ...`). Empty: the "
    "metrics page does not exist.",
)
WERKROUTE_QUEUE_BACKLOG_LIMIT = config(
    "WERKROUTE_QUEUE_BACKLOG_LIMIT",
    default=1000,
    help_text="`/health/ready/` reports the service as not ready while more tasks than this wait in the "
    "job queue (a stopped or stuck worker).",
)

# Marks the settings modules that must never run with demo accounts (see accounts.checks).
WERKROUTE_PRODUCTION = False

# The job queue (huey). One setting chooses the storage: a SQLite file in `var/` needs no service, so the
# demo runs on a bare machine; production names Redis. Tasks live in each app's `tasks.py`.
WERKROUTE_QUEUE_URL = config(
    "WERKROUTE_QUEUE_URL",
    default="",
    help_text="Where the job queue keeps its tasks: empty for a SQLite file in the var folder, or a Redis "
    "URL such as `redis://127.0.0.1:6379/0` (production). The worker runs as `werkroute run_huey`.",
    documented_default="a SQLite file `var/queue.sqlite3`",
)
HUEY: dict[str, object] = (
    {"huey_class": "huey.RedisHuey", "url": WERKROUTE_QUEUE_URL}
    if WERKROUTE_QUEUE_URL.startswith(("redis://", "rediss://", "unix://"))
    else {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "queue.sqlite3")}
) | {
    "name": "werkroute",
    # djhuey would otherwise run tasks inside the web request whenever DEBUG is on.
    "immediate": False,
    "utc": True,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}

# The API (werkroute.api): systems of the chain with OAuth2 client credentials (django-oauth-toolkit).
WERKROUTE_API_URL = config(
    "WERKROUTE_API_URL",
    default="https://werkroute.example/api/v1",
    help_text="Public HTTPS address of the API, ending in `/api/v1`: the server of the OpenAPI document, "
    "the base of its token URL and of the links in notifications.",
)
WERKROUTE_API_CONTACT_EMAIL = config(
    "WERKROUTE_API_CONTACT_EMAIL",
    default="api@werkroute.example",
    help_text="Contact address named in the OpenAPI document.",
)
WERKROUTE_API_RATE_LIMIT = config(
    "WERKROUTE_API_RATE_LIMIT",
    default=600,
    help_text="Requests per minute one API client may make; more get 429 with Retry-After. 0 switches it off.",
)
WERKROUTE_NOTIFY_ALLOW_PRIVATE = config(
    "WERKROUTE_NOTIFY_ALLOW_PRIVATE",
    default=False,
    help_text="Allow notification callback URLs on internal addresses (loopback, private networks, "
    "link-local such as a cloud's metadata service, reserved), and plain `http` to those only. Off by "
    "default, so that a subscribing system cannot make the job queue post into the internal network; "
    "switch it on only when the receiving systems live in this installation's own network. On in "
    "`werkroute.conf.dev` (the demo's local receivers).",
)
WERKROUTE_API_CACHE_URL = config(
    "WERKROUTE_API_CACHE_URL",
    default="",
    help_text="Where the API counts requests for its rate limit: a Redis URL such as "
    "`redis://127.0.0.1:6379/2` (shared by all server processes), or empty for the memory of each "
    "process (the limit then holds per process).",
    documented_default="the memory of each server process",
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": WERKROUTE_API_CACHE_URL}
        if WERKROUTE_API_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    ),
}
# django-oauth-toolkit's own models; named because its migrations resolve them through these settings.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105 (a model name)
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105 (a model name)
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105 (a model name)
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": config(
        "WERKROUTE_API_TOKEN_SECONDS", default=3600, help_text="Seconds an API access token stays valid."
    ),
    # Scopes are checked against the API client's own grant (werkroute.api.auth); a token may name fewer.
    "SCOPES_BACKEND_CLASS": "werkroute.api.oauth.ClientScopes",
    # Loads the API client together with the token (one query per call instead of two).
    "OAUTH2_VALIDATOR_CLASS": "werkroute.api.oauth.Validator",
    # PKCE protects the authorisation-code flow of browsers and apps; client credentials, the only
    # flow the API's clients use, has no code to protect.
    "PKCE_REQUIRED": False,
    # The compliant behaviour of the OAuth 2.0 Security BCP (RFC 9700) throughout.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
