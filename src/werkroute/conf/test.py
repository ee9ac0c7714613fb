"""The test suite. Runs on SQLite by default and on PostgreSQL when ``DATABASE_URL`` is set."""

from werkroute.conf.base import *  # noqa: F403

DEBUG = False
# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests; serve from the finders
# Tests log users in directly; the two-factor tests switch this on where they test it.
WERKROUTE_REQUIRE_TWO_FACTOR = False
# Tasks run at once, in the test's own transaction; the worker tests start a real consumer instead.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
