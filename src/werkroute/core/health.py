"""Health endpoints for the load balancer and the service manager.

``health/live/``: the process answers (no database involved, so a database outage does not get every
web process restarted). ``health/ready/``: the database answers, Redis answers when the queue uses it,
and the job queue's backlog is under ``WERKROUTE_QUEUE_BACKLOG_LIMIT``. Both are public and say nothing
about clients: only ``ok`` or ``unavailable`` per check and the backlog's size; why a check failed goes
to the application log (the exception's class, never its message, which may hold a connection string).
"""

from __future__ import annotations

from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = structlog.get_logger(__name__)

OK, UNAVAILABLE = "ok", "unavailable"


def queue_backlog() -> int:
    from huey.contrib.djhuey import HUEY

    return int(HUEY.pending_count())


def _redis_url() -> str:
    url = str(settings.WERKROUTE_QUEUE_URL)
    return url if url.startswith(("redis://", "rediss://", "unix://")) else ""


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("readiness_database_unavailable", error=type(error).__name__)
        return UNAVAILABLE
    return OK


def _check_redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except Exception as error:
        logger.warning("readiness_redis_unavailable", error=type(error).__name__)
        return UNAVAILABLE
    finally:
        client.close()
    return OK


@login_not_required
@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": OK})


@login_not_required
@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {"database": _check_database()}
    redis_url = _redis_url()
    if redis_url:
        checks["redis"] = _check_redis(redis_url)
    queue: dict[str, Any] = {"limit": settings.WERKROUTE_QUEUE_BACKLOG_LIMIT}
    if checks.get("redis", OK) == OK:
        try:
            queue["backlog"] = queue_backlog()
            queue["status"] = OK if queue["backlog"] <= queue["limit"] else "backlog_over_limit"
        except Exception as error:
            logger.warning("readiness_queue_unavailable", error=type(error).__name__)
            queue["status"] = UNAVAILABLE
    else:
        queue["status"] = UNAVAILABLE
    checks["queue"] = queue
    healthy = all(value == OK for key, value in checks.items() if key != "queue") and queue["status"] == OK
    return JsonResponse(
        {"status": OK if healthy else UNAVAILABLE, "checks": checks}, status=200 if healthy else 503
    )
