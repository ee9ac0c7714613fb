"""Production: secure defaults; everything that differs per installation comes from the environment."""

import ipaddress

from werkroute.conf.base import *  # noqa: F403
from werkroute.conf.base import (
    DEVELOPMENT_AUDIT_KEY,
    DEVELOPMENT_ENCRYPTION_KEY,
    DEVELOPMENT_LOOKUP_HASH_KEY,
    WERKROUTE_AUDIT_KEYS,
    WERKROUTE_ENCRYPTION_KEYS,
    WERKROUTE_LOOKUP_HASH_KEY,
)
from werkroute.conf.env import config
from werkroute.conf.logs import logging_config

DEBUG = False
WERKROUTE_PRODUCTION = True
# Not read from the environment: under production settings no account skips the second factor.
WERKROUTE_DEMO = False
SECRET_KEY = config("SECRET_KEY", default="", help_text="Django's secret key. Required in production.")
LOG_FORMAT = config("LOG_FORMAT", default="json", help_text="Format of the application log.")
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)  # noqa: F405
# A connection kept open across requests (DATABASE_CONN_MAX_AGE) is checked before use, so that after a
# database restart the first request gets a fresh connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_SSL_REDIRECT = config(
    "SECURE_SSL_REDIRECT",
    default=True,
    help_text="Redirect plain HTTP to HTTPS (off behind a TLS proxy that does it).",
)
# Health checks and the metrics scrape come from inside the network over plain HTTP to the application
# server; a redirect to HTTPS would fail them.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
WERKROUTE_TRUSTED_PROXIES = config(
    "WERKROUTE_TRUSTED_PROXIES",
    default=["127.0.0.1", "::1"],
    help_text="Comma-separated addresses or networks (CIDR) of the TLS proxies in front of the "
    "application. Only from these is `X-Forwarded-Proto` believed; from anyone else it is dropped.",
)
# First of all: the header must be gone before SecurityMiddleware or anything else reads it.
MIDDLEWARE = ["werkroute.core.middleware.TrustedProxyMiddleware", *MIDDLEWARE]  # noqa: F405
SECURE_HSTS_SECONDS = config("SECURE_HSTS_SECONDS", default=31536000, help_text="HSTS max-age in seconds.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Checked last, so that every variable above is registered for `werkroute config_docs` first.
try:
    [ipaddress.ip_network(entry, strict=False) for entry in WERKROUTE_TRUSTED_PROXIES]
except ValueError as error:
    raise RuntimeError(f"WERKROUTE_TRUSTED_PROXIES holds something that is no address: {error}") from None
if not SECRET_KEY or SECRET_KEY.startswith("insecure"):
    raise RuntimeError("SECRET_KEY must be set to a long random value in production.")
if (
    DEVELOPMENT_ENCRYPTION_KEY in WERKROUTE_ENCRYPTION_KEYS
    or WERKROUTE_LOOKUP_HASH_KEY == DEVELOPMENT_LOOKUP_HASH_KEY
):
    raise RuntimeError("WERKROUTE_ENCRYPTION_KEYS and WERKROUTE_LOOKUP_HASH_KEY must be set in production.")
if DEVELOPMENT_AUDIT_KEY in WERKROUTE_AUDIT_KEYS:
    raise RuntimeError("WERKROUTE_AUDIT_KEYS must be set in production (the development key is public).")
