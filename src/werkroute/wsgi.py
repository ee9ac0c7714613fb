"""WSGI entry point. Production refuses to serve while demo accounts exist (see accounts.checks)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkroute.conf.production")
application = get_wsgi_application()

from werkroute.accounts.checks import refuse_demo_accounts_in_production  # noqa: E402

refuse_demo_accounts_in_production()
