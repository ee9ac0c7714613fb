"""WSGI entry point. Production refuses to serve while demo accounts exist (see accounts.checks)."""

import os

from werkroute.manage import one_blas_thread

one_blas_thread()

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkroute.conf.production")
application = get_wsgi_application()

from django.db import connections  # noqa: E402

from werkroute.accounts.checks import refuse_demo_accounts_in_production  # noqa: E402
from werkroute.core.garbage import settle_after_startup  # noqa: E402

refuse_demo_accounts_in_production()
# gunicorn loads this module in its master and forks the workers from it (preload_app): a connection left
# open here would be one socket shared by every worker. Each worker opens its own on its first request.
connections.close_all()
# Last, so that everything loaded above is frozen out of the garbage collector (see core/garbage.py).
settle_after_startup()
