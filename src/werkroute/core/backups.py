"""Backups of the database and their restore.

PostgreSQL: ``pg_dump`` in its custom format (compressed, restorable table by table with
``pg_restore``). SQLite: the online backup API, which copies a consistent state while the service keeps
writing. Either way the file is written beside its final name and renamed only when complete, so a
backup that broke off (a full disk) never looks like a good one.

The audit log's checkpoints live outside the database (``WERKROUTE_AUDIT_CHECKPOINT_FILE``) and are not
in the backup: after a restore, ``werkroute audit verify`` checks the restored log against them, and a
checkpoint made after the backup shows (correctly) that entries are missing from the restored log.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, in Dutch."""


@dataclass(frozen=True)
class Target:
    """A database to back up or restore into, from Django's ``DATABASES`` entry."""

    engine: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, entry: Mapping[str, Any]) -> Target:
        engine = "postgresql" if "postgresql" in entry["ENGINE"] else "sqlite"
        if engine == "sqlite" and "sqlite3" not in entry["ENGINE"]:
            raise BackupError(f"Geen back-up mogelijk van database-engine {entry['ENGINE']}.")
        return cls(
            engine=engine,
            name=str(entry["NAME"]),
            host=str(entry.get("HOST") or ""),
            port=str(entry.get("PORT") or ""),
            user=str(entry.get("USER") or ""),
            password=str(entry.get("PASSWORD") or ""),
        )

    def libpq_environment(self) -> dict[str, str]:
        # The password goes in the environment, never on the command line that `ps` shows.
        environment = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ):
            if value:
                environment[key] = value
        return environment


def default_path(folder: Path, target: Target) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "dump" if target.engine == "postgresql" else "sqlite3"
    return folder / f"werkroute-{stamp}.{suffix}"


def _run(command: list[str], target: Target) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is niet gevonden; installeer de PostgreSQL-clientprogramma's.")
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env=target.libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} faalde: {result.stderr.strip()[-500:]}")


def backup(target: Target, path: Path) -> Path:
    """Write a complete backup of ``target`` to ``path`` (never a partial file at that name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if target.engine == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", target.name], target)
        else:
            _sqlite_backup(target, partial)
        os.replace(partial, path)
    except OSError as error:
        raise BackupError(f"De back-up kon niet worden geschreven: {error.strerror or error}.") from error
    finally:
        partial.unlink(missing_ok=True)
    return path


def _sqlite_backup(target: Target, destination: Path) -> None:
    if target.name == ":memory:" or target.name.startswith("file:"):
        # The test database lives in memory: copy from Django's own open connection.
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(destination) as copy:
            source.backup(copy)
        copy.close()
        return
    with sqlite3.connect(target.name) as source, sqlite3.connect(destination) as copy:
        source.backup(copy)
    source.close()
    copy.close()


def restore(path: Path, target: Target, *, replace: bool) -> None:
    """Restore the backup at ``path`` into ``target``; refuses a non-empty target unless ``replace``."""
    if not path.is_file():
        raise BackupError(f"Back-upbestand {path} bestaat niet.")
    if target.engine == "postgresql":
        if not replace and _postgres_has_tables(target):
            raise BackupError(
                f"Database {target.name} bevat al tabellen; herstel in een lege database of geef --replace."
            )
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={target.name}",
                str(path),
            ],
            target,
        )
        return
    destination = Path(target.name)
    if destination.exists() and destination.stat().st_size > 0 and not replace:
        raise BackupError(f"{destination} bestaat al; herstel naar een nieuw bestand of geef --replace.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        with sqlite3.connect(path) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        os.replace(partial, destination)
    except OSError as error:
        raise BackupError(f"Het herstel kon niet worden geschreven: {error.strerror or error}.") from error
    finally:
        partial.unlink(missing_ok=True)


def _postgres_has_tables(target: Target) -> bool:
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("psql") or "psql",
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            f"--dbname={target.name}",
            "--command=SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        ],
        env=target.libpq_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"Database {target.name} is niet bereikbaar: {result.stderr.strip()[-300:]}")
    return int(result.stdout.strip() or 0) > 0
