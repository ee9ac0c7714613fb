"""gunicorn configuration for Werkroute in production (``gunicorn -c deploy/gunicorn.conf.py``).

Everything that differs per installation comes from the environment, like the application's settings.
"""

import os
import shutil
from pathlib import Path

wsgi_app = "werkroute.wsgi:application"
raw_env = [f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'werkroute.conf.production')}"]

bind = os.environ.get("WERKROUTE_BIND", "127.0.0.1:8000").split(",")
# Threads per process let a worker serve while another request waits for the database; processes use the
# cores. Each thread may hold a database connection: keep workers × threads under PostgreSQL's limit.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("WERKROUTE_THREADS", "4"))
timeout = int(os.environ.get("WERKROUTE_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# WERKROUTE_PRELOAD_APP=1: the application is loaded once, in the master, before the workers are
# forked. wsgi.py's gc.freeze() then puts the loaded modules, classes and URL configuration into the
# permanent generation of the master, the workers share those memory pages copy-on-write instead of each
# importing (about 2 s of processor time) and holding its own copy, and a worker recycled by max_requests
# starts from the fork without importing again. wsgi.py closes the database connection of its startup
# check, so that no worker inherits the master's connection. Off by default because a reload (HUP) then
# forks new workers from the old code: after an update the service must be restarted, not reloaded
# (docs/operations.md).
preload_app = os.environ.get("WERKROUTE_PRELOAD_APP", "").lower() in ("1", "true", "yes", "on")

# The application logs each request itself (JSON, with its request id and without the query string,
# which can hold a searched name); gunicorn's access line would repeat it with the query string.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Only these may say that a request came in over HTTPS (the same list as the application's setting).
forwarded_allow_ips = os.environ.get("WERKROUTE_TRUSTED_PROXIES", "127.0.0.1,::1")

# Local TLS without a proxy (make prod-local); in production the proxy terminates TLS.
certfile = os.environ.get("WERKROUTE_TLS_CERT") or None
keyfile = os.environ.get("WERKROUTE_TLS_KEY") or None

# Metrics: every worker process writes its counts here and a scrape adds them up (core.metrics).
_metrics_dir = Path(
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR",
        str(Path(os.environ.get("WERKROUTE_VAR_DIR", "var")) / "prometheus"),
    )
)


# Emptied when gunicorn reads this file, before the preloaded application creates its metrics there:
# counts of an earlier run would be added to this one's. Only once per master: a reload (HUP) reads this
# file again while the workers still count into the folder.
if not os.environ.get("_WERKROUTE_METRICS_DIR_READY"):
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True, exist_ok=True)
    os.environ["_WERKROUTE_METRICS_DIR_READY"] = "1"


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
