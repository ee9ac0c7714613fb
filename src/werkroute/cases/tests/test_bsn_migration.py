"""Migration 0004 encrypts BSNs that earlier versions stored in plain text."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from werkroute.core.crypto import decrypt, lookup_hash

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0003_activity_cancelled_unique_bsn")]
AFTER = [("cases", "0004_bsn_encrypted_at_rest")]


def test_plain_bsns_are_encrypted_and_hashed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    region = old.get_model("regions", "Region").objects.create(code="AM99", name="Testregio")
    municipality = old.get_model("regions", "Municipality").objects.create(
        code="GM9999", name="Test", region=region
    )
    # get_or_create: an earlier transactional test may have flushed the row the data migration made.
    target_group = old.get_model("cases", "TargetGroup").objects.get_or_create(
        code="statushouder", defaults={"name": "Statushouder"}
    )[0]
    client = old.get_model("cases", "Client").objects.create(
        first_name="A",
        last_name="B",
        date_of_birth="1990-01-01",
        bsn="111222333",
        municipality=municipality,
        registration_date="2022-01-01",
        target_group=target_group,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_hash FROM cases_client WHERE id = %s", [client.pk.hex])
        stored, stored_hash = cursor.fetchone()
    assert stored != "111222333" and decrypt(stored) == "111222333"
    assert stored_hash == lookup_hash("111222333")
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
