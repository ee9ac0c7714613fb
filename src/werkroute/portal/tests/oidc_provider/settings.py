"""A real OpenID Connect provider for the DigiD tests: django-oauth-toolkit in its own process, with its
own database, standing in for the municipality's DigiD broker (which gives the BSN as a claim). Not part
of Werkroute: started by ``portal/tests/test_digid_login.py``."""

import os

SECRET_KEY = "provider-only-for-tests"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "werkroute.portal.tests.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["PROVIDER_DATABASE"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/digid-login/"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["PROVIDER_RSA_KEY"],
    "OAUTH2_VALIDATOR_CLASS": "werkroute.portal.tests.oidc_provider.validators.BsnValidator",
    "SCOPES": {"openid": "OpenID Connect"},
    "PKCE_REQUIRED": True,
    # Single logout as a DigiD broker offers it: an RP naming the signed-in citizen's ID token ends the
    # session without a question and returns to a registered address.
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
}
