"""Handing work to the job queue without letting the queue take the website down with it.

Tasks are huey tasks (``tasks.py`` of each app, run by ``werkroute run_huey``). When the queue's store
(Redis in production) cannot be reached, :func:`enqueue` logs it and returns ``False`` instead of raising:
the write the user made is already committed and stays; the nightly sweep catches up on whatever the
missed task would have done. Pages then say that background work is delayed (:func:`queue_status`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger(__name__)

# How long an answer about the queue's health is trusted, so that a page view costs no round trip.
HEALTH_TTL_SECONDS = 30.0
_health: dict[str, float | bool] = {"checked": 0.0, "delayed": False}


def _mark(delayed: bool) -> None:
    _health["checked"] = time.monotonic()
    _health["delayed"] = delayed


def enqueue(task: Any, *args: Any, **kwargs: Any) -> bool:
    """Put ``task`` on the queue; ``False`` (logged) when the queue cannot be reached."""
    try:
        task(*args, **kwargs)
    except Exception:
        logger.warning("queue_unreachable", exc_info=True, extra={"task": getattr(task, "name", str(task))})
        _mark(True)
        return False
    return True


def delayed(force: bool = False) -> bool:
    """Whether the queue's store cannot be reached (answered from a recent check when there is one)."""
    if not force and time.monotonic() - float(_health["checked"]) < HEALTH_TTL_SECONDS:
        return bool(_health["delayed"])
    from huey.contrib.djhuey import HUEY

    try:
        HUEY.storage.queue_size()
    except Exception:
        logger.warning("queue_unreachable", exc_info=True)
        _mark(True)
    else:
        _mark(False)
    return bool(_health["delayed"])


def queue_status(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``queue_delayed`` for signed-in users, so the layout can say so."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"queue_delayed": delayed()}
