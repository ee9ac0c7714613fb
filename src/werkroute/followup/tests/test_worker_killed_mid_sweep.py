"""A real worker (``werkroute run_huey``) killed with SIGKILL in the middle of the sweep, then started
again: the new worker resumes the interrupted run by itself, and every signal exists exactly once.

The worker and this test share one database: on SQLite a file copied from the test database, on
PostgreSQL the test database itself. The queue is a SQLite file of the worker's own var folder."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, PlanVersionFactory
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = [sys.executable, "-m", "werkroute.manage", "run_huey", "--workers", "1"]


def _database_url(tmp_path: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "werkroute.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:{settings['PORT']}/"
        f"{settings['NAME']}"
    )


def _population(today: dt.date) -> None:
    """A few hundred clients for whom several rules hold, so that a sweep takes a moment per rule."""
    municipality = MunicipalityFactory()
    for number in range(150):
        registered = today - dt.timedelta(days=120 + number)
        client = ClientFactory(
            municipality=municipality, registration_date=registered, permit_date=registered
        )
        if number % 2:
            PlanVersionFactory(
                client=client, number=1, plan_date=registered, review_date=today - dt.timedelta(days=3)
            )
        if number % 3 == 0:
            ConsentFactory(client=client, given_on=registered, valid_until=today + dt.timedelta(days=10))


def _environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkroute.conf.dev",
        "DATABASE_URL": database_url,
        "WERKROUTE_VAR_DIR": str(tmp_path),
        "WERKROUTE_QUEUE_URL": "",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }


def _signals(database_url: str) -> list[tuple]:  # type: ignore[type-arg]
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute("SELECT client_id, rule, subject, status FROM followup_signal").fetchall()
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_id, rule, subject, status FROM followup_signal")
        return cursor.fetchall()


def _unfinished_runs(database_url: str) -> int:
    query = "SELECT COUNT(*) FROM followup_sweeprun WHERE finished_at IS NULL"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(query).fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def _wait_for_line(process: subprocess.Popen, marker: str, timeout: float) -> list[str]:  # type: ignore[type-arg]
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return seen
    raise AssertionError(f"no {marker!r} from the worker:\n{''.join(seen[-30:])}")


def test_a_worker_killed_mid_sweep_and_restarted_leaves_every_signal_once(tmp_path):
    today = dt.date.today()
    _population(today)
    database_url = _database_url(tmp_path)
    environment = _environment(tmp_path, database_url)
    # Queued as ``werkroute followup sweep --in-background`` does, on the worker's own queue file.
    from huey import SqliteHuey

    from werkroute.followup import tasks

    queue = SqliteHuey("werkroute", filename=str(tmp_path / "queue.sqlite3"))
    queue._registry.register(tasks.sweep_now.task_class)
    queue.enqueue(tasks.sweep_now.s())
    first = subprocess.Popen(
        WORKER, env=environment, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    try:
        _wait_for_line(first, "rule_swept", timeout=240)
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    assert _unfinished_runs(database_url) == 1, "the worker finished the sweep before it was killed"
    halfway = _signals(database_url)
    assert halfway, "no rule was done before the kill"

    second = subprocess.Popen(
        WORKER, env=environment, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    try:
        _wait_for_line(second, "sweep_finished", timeout=300)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    assert _unfinished_runs(database_url) == 0
    signals = _signals(database_url)
    live = Counter(
        (client_id, rule, subject)
        for client_id, rule, subject, status in signals
        if status in ("open", "snoozed")
    )
    assert live and max(live.values()) == 1
    rules = {rule for _, rule, _ in live}
    assert {"pip_deadline_passed", "plan_review_passed", "consent_expiring"} <= rules
    # Exactly what one uninterrupted sweep finds on the same data (this test's database holds it too).
    from werkroute.followup.sweep import find_all

    expected = {
        (client_id.hex, rule, subject)
        for rule, found in find_all(today).items()
        for client_id, subject in found
    }
    assert {(uuid.UUID(str(client_id)).hex, rule, subject) for client_id, rule, subject in live} == expected
