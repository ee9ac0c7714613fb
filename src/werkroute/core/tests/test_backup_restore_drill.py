"""The restore drill: back up, restore into a new database, and the restored copy is whole.

Whole means: every table has the same number of rows as the original, and ``werkroute audit verify``
(a separate process on the restored database) passes its hash chain. The drill runs on the database the
suite runs on: SQLite through the online backup API, PostgreSQL through pg_dump and pg_restore.
"""

import os
import sqlite3
import subprocess
import sys
import uuid

import dj_database_url
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from werkroute.audit.models import AuditEvent
from werkroute.cases.models import Client
from werkroute.cases.tests.factories import TargetGroupFactory

DROPPED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _tables() -> list[str]:
    return sorted({model._meta.db_table for model in apps.get_models() if model._meta.managed})


def _counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in _tables():
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from the models
            counts[table] = cursor.fetchone()[0]
    return counts


def _counts_in(url: str) -> dict[str, int]:
    if url.startswith("sqlite"):
        with sqlite3.connect(dj_database_url.parse(url)["NAME"]) as restored:
            return {
                table: restored.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in _tables()
            }
    import psycopg

    with psycopg.connect(url) as restored:
        return {
            table: restored.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in _tables()
        }


def _audit_verify(url: str, tmp_path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    env.update(
        DJANGO_SETTINGS_MODULE="werkroute.conf.test",
        DATABASE_URL=url,
        WERKROUTE_VAR_DIR=str(tmp_path / "var"),
    )
    return subprocess.run(
        [sys.executable, "-m", "werkroute.manage", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def restore_target(tmp_path):
    """An empty database beside the test database: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_drill_{uuid.uuid4().hex[:8]}"
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    credentials = f"{base['USER']}:{base['PASSWORD']}@" if base["PASSWORD"] else f"{base['USER']}@"
    server = f"postgres://{credentials}{base['HOST']}:{base['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _some_case_work(caseworker_client, municipality) -> None:
    # A transactional test starts from an emptied database: the migration's target group is gone.
    TargetGroupFactory(code="statushouder", name="Statushouder")
    for number, bsn in enumerate(["111222333", "123456782"]):
        response = caseworker_client.post(
            reverse("cases:client_create"),
            {
                "first_name": f"Herstel{number}",
                "last_name": "Oefening",
                "date_of_birth": "1990-01-01",
                "bsn": bsn,
                "municipality": municipality.pk,
                "permit_date": "2024-01-15",
                "registration_date": "2024-04-01",
                "languages_spoken": "nl",
                "gender": "female",
                "nationality": "sy",
            },
        )
        assert response.status_code == 302
    caseworker_client.get(reverse("cases:client", kwargs={"client_id": Client.objects.first().pk}))


@pytest.mark.django_db(transaction=True)
def test_restored_backup_has_every_row_and_a_verifying_audit_chain(
    caseworker_client, municipality, tmp_path, restore_target
):
    _some_case_work(caseworker_client, municipality)
    assert Client.objects.count() == 2
    assert AuditEvent.objects.count() > 0
    backup = tmp_path / "backups" / "werkroute.backup"

    call_command("backup", output=str(backup))
    call_command("restore", str(backup), database_url=restore_target)

    assert backup.stat().st_size > 0
    assert not list(backup.parent.glob("*.partial"))
    assert _counts_in(restore_target) == _counts_here()
    verified = _audit_verify(restore_target, tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # A second restore into the same, now filled, database is refused without --replace.
    with pytest.raises(CommandError, match="replace"):
        call_command("restore", str(backup), database_url=restore_target)

    # The drill can fail: an entry gone from the middle of the restored log breaks the chain.
    table = AuditEvent._meta.db_table
    middle = AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[1]
    if restore_target.startswith("sqlite"):
        with sqlite3.connect(dj_database_url.parse(restore_target)["NAME"]) as restored:
            restored.execute(f'DELETE FROM "{table}" WHERE id = ?', [middle])  # noqa: S608
    else:
        import psycopg

        with psycopg.connect(restore_target) as restored:
            # The restored table refuses deletes too (its trigger came along); a superuser can go around it.
            restored.execute("SET session_replication_role = replica")
            restored.execute(f'DELETE FROM "{table}" WHERE id = %s', [middle])  # noqa: S608
    assert _audit_verify(restore_target, tmp_path).returncode != 0


def test_a_missing_backup_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command(
            "restore", str(tmp_path / "nowhere.dump"), database_url=f"sqlite:///{tmp_path}/x.sqlite3"
        )
