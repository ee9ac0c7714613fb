"""The follow-up app's jobs, run by ``werkroute run_huey``: the nightly sweep, the refresh of one client's
signals after a change of the file, and the morning digest. All idempotent: running one twice, or again
after a worker died halfway, ends in the same signals.
"""

from __future__ import annotations

import logging
from typing import Any

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from werkroute.followup import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="0"))
def nightly_sweep() -> None:
    services.run_sweep()


@db_task()
def sweep_now() -> None:
    """The sweep asked for by hand (``werkroute followup sweep --in-background``)."""
    services.run_sweep()


@db_task()
def refresh_client_signals(client_id: Any, resolved_by: str = "") -> None:
    services.refresh_client(client_id, resolved_by=resolved_by)


@db_periodic_task(crontab(hour="6", minute="30"))
def daily_digest() -> None:
    services.send_digests()


@HUEY.on_startup()
def resume_interrupted_sweep() -> None:
    """A worker that died during a sweep (killed, power cut) left its run unfinished; the first worker
    to start again queues it anew, so the day's signals do not wait for the next night."""
    if services.claim_interrupted_sweep():
        logger.info("sweep_resumed")
        sweep_now()
