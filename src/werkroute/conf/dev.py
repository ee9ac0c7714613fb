"""Local development and the demo (``make demo``)."""

from werkroute.conf.base import *  # noqa: F403
from werkroute.conf.env import config

DEBUG = config("DEBUG", default=True, help_text="Django debug mode.")

# The demo shows Werkroute's own Dutch error pages, not Django's technical ones (see the middleware).
MIDDLEWARE = [*MIDDLEWARE, "werkroute.core.middleware.OwnErrorPagesMiddleware"]  # noqa: F405
WERKROUTE_DEMO = config(
    "WERKROUTE_DEMO", default=True, help_text="Demo mode: the demo accounts skip the second factor."
)
# Local receivers of notifications (a test server on 127.0.0.1); off in production unless set.
WERKROUTE_NOTIFY_ALLOW_PRIVATE = config(
    "WERKROUTE_NOTIFY_ALLOW_PRIVATE", default=True, help_text="See werkroute.conf.base."
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
