"""`werkroute audit verify` detects a single altered, deleted or reordered entry, a chain recomputed
without the key, and a truncation or rewrite against the checkpoints kept outside the database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from werkroute.audit.database import TRIGGER
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.WERKROUTE_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    return settings.WERKROUTE_AUDIT_CHECKPOINT_FILE


def _tamper(sql: str, params: list) -> None:  # type: ignore[type-arg]
    """Someone with the database owner's rights: on PostgreSQL they first disable the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {TRIGGER}")


@pytest.fixture
def log():
    for number in range(5):
        record(AuditAction.VIEW, actor_name=f"gebruiker{number}", object_type="client", object_id=number)
    return list(AuditEvent.objects.order_by("id"))


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_an_untouched_log_verifies(log):
    assert "intact: 5 entries" in _verify()


def test_an_altered_entry_is_named(log):
    _tamper("UPDATE audit_auditevent SET actor_name = 'iemand anders' WHERE id = %s", [log[2].pk])
    with pytest.raises(CommandError, match=f"entry {log[2].pk}: its content was altered"):
        _verify()


def test_a_deleted_entry_is_detected_at_its_successor(log):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [log[1].pk])
    with pytest.raises(CommandError, match=f"entry {log[2].pk}: the entry before it was removed"):
        _verify()


def test_removing_the_newest_entry_is_detected(log):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [log[-1].pk])
    with pytest.raises(CommandError, match="the end of the log"):
        _verify()


def test_two_swapped_entries_are_detected(log):
    first, second = log[1], log[3]
    for target, source in ((first, second), (second, first)):
        _tamper(
            "UPDATE audit_auditevent SET recorded_at = %s, actor_name = %s, object_id = %s WHERE id = %s",
            [source.recorded_at, source.actor_name, source.object_id, target.pk],
        )
    with pytest.raises(CommandError, match=f"entry {first.pk}: its content was altered"):
        _verify()


def test_entries_cannot_be_changed_or_deleted_through_the_application(log):
    entry = log[0]
    entry.actor_name = "iemand anders"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_an_entry_survives_the_rollback_of_the_transaction_around_it():
    from django.db import transaction

    from werkroute.audit.services import collecting

    with collecting():
        try:
            with transaction.atomic():
                record(AuditAction.REFUSED, actor_name="iemand", object_type="client", object_id="x")
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor_name="iemand").count() == 1


# Keyed chain (issue 10, item 5): write access to the database is not enough to rewrite history.


def _recompute_chain(hash_function) -> None:  # type: ignore[no-untyped-def]
    """What an attacker with write access does after an edit: rehash every entry and move the head."""
    from werkroute.audit.models import AuditChainHead
    from werkroute.audit.services import content_of

    previous = "0" * 64
    for event in AuditEvent.objects.order_by("id"):
        current = hash_function(previous, content_of(event))
        _tamper(
            "UPDATE audit_auditevent SET previous_hash = %s, entry_hash = %s WHERE id = %s",
            [previous, current, event.pk],
        )
        previous = current
    AuditChainHead.objects.update(last_hash=previous, entries=AuditEvent.objects.count())


def test_a_chain_recomputed_without_the_key_after_an_edit_is_detected(log):
    import hashlib

    from werkroute.audit.chain import HASHED_FIELDS, canonical

    _tamper("UPDATE audit_auditevent SET actor_name = 'iemand anders' WHERE id = %s", [log[2].pk])

    def unkeyed(previous, content):  # type: ignore[no-untyped-def]
        message = previous + canonical({name: content[name] for name in HASHED_FIELDS})
        return hashlib.sha256(message.encode()).hexdigest()

    _recompute_chain(unkeyed)
    with pytest.raises(CommandError, match="Audit chain broken at entry"):
        _verify()


def test_a_chain_recomputed_with_a_guessed_key_is_detected(log, settings):
    from werkroute.audit.chain import entry_hash

    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [log[2].pk])
    real_keys = settings.WERKROUTE_AUDIT_KEYS
    settings.WERKROUTE_AUDIT_KEYS = ["dev:geraden"]
    _recompute_chain(lambda previous, content: entry_hash(previous, content, "dev"))
    settings.WERKROUTE_AUDIT_KEYS = real_keys
    with pytest.raises(CommandError, match=f"entry {log[0].pk}: its content was altered"):
        _verify()


def test_removing_the_newest_entries_and_moving_the_head_is_caught_by_the_checkpoint(log):
    from werkroute.audit.models import AuditChainHead

    call_command("audit", "checkpoint", stdout=__import__("io").StringIO())
    _tamper("DELETE FROM audit_auditevent WHERE id >= %s", [log[3].pk])
    AuditChainHead.objects.update(last_hash=log[2].entry_hash, entries=3)
    with pytest.raises(
        CommandError, match=r"truncated: the checkpoint of .* counted 5 entries, the log holds 3"
    ):
        _verify()


def test_a_rewrite_with_the_key_before_a_checkpoint_is_caught_by_the_checkpoint(log):
    from werkroute.audit.chain import entry_hash, signing_key_id

    call_command("audit", "checkpoint", stdout=__import__("io").StringIO())
    # Even an insider holding the key, who cannot reach the checkpoint file, cannot rewrite the past.
    _tamper("UPDATE audit_auditevent SET actor_name = 'iemand anders' WHERE id = %s", [log[1].pk])
    _recompute_chain(lambda previous, content: entry_hash(previous, content, signing_key_id()))
    with pytest.raises(CommandError, match=f"entry {log[-1].pk}: the log was rewritten"):
        _verify()


def test_entries_after_the_last_checkpoint_verify(log):
    call_command("audit", "checkpoint", stdout=__import__("io").StringIO())
    record(AuditAction.VIEW, actor_name="later", object_type="client", object_id="6")
    call_command("audit", "checkpoint", stdout=__import__("io").StringIO())
    record(AuditAction.VIEW, actor_name="nog later", object_type="client", object_id="7")
    assert "intact: 7 entries, consistent with 2 checkpoints" in _verify()


def test_a_forged_checkpoint_is_reported(log, checkpoint_file):
    import json

    call_command("audit", "checkpoint", stdout=__import__("io").StringIO())
    line = json.loads(checkpoint_file.read_text())
    line["entries"] = 3
    checkpoint_file.write_text(json.dumps(line) + "\n")
    with pytest.raises(
        CommandError, match="line 1 of the checkpoint file is not a validly signed checkpoint"
    ):
        _verify()


def test_the_audit_key_can_be_rotated(log, settings):
    settings.WERKROUTE_AUDIT_KEYS = ["2027:nieuwe-sleutel", *settings.WERKROUTE_AUDIT_KEYS]
    record(AuditAction.VIEW, actor_name="na rotatie", object_type="client", object_id="6")
    assert AuditEvent.objects.latest("id").key_id == "2027"
    assert "intact: 6 entries" in _verify()
    settings.WERKROUTE_AUDIT_KEYS = ["2027:nieuwe-sleutel"]  # the old key thrown away too early
    with pytest.raises(CommandError, match=f"entry {log[0].pk}: it names an unknown audit key"):
        _verify()


def test_an_unkeyed_entry_after_keyed_ones_is_refused(log):
    import hashlib

    from werkroute.audit.chain import HASHED_FIELDS, canonical
    from werkroute.audit.services import content_of

    last = AuditEvent.objects.get(pk=log[-1].pk)
    message = last.previous_hash + canonical({name: content_of(last)[name] for name in HASHED_FIELDS})
    _tamper(
        "UPDATE audit_auditevent SET key_id = '', entry_hash = %s WHERE id = %s",
        [hashlib.sha256(message.encode()).hexdigest(), last.pk],
    )
    with pytest.raises(CommandError, match=f"entry {last.pk}: it is not signed with an audit key"):
        _verify()


# The database refuses changes itself (PostgreSQL): a bug or a stolen application login cannot edit.

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger and the grants are PostgreSQL's"
)


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditevent SET actor_name = 'iemand anders'", "DELETE FROM audit_auditevent"],
)
def test_the_database_refuses_to_update_or_delete_audit_entries(log, statement):
    from django.db import DatabaseError, transaction

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.count() == 5 and not AuditEvent.objects.filter(actor_name="iemand anders")


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
        "UPDATE audit_auditevent SET actor_name = 'iemand anders'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_application_role_with_the_documented_grants_cannot_remove_entries(log, statement):
    import io
    import uuid

    from django.db import DatabaseError, transaction

    role = f"werkroute_app_{uuid.uuid4().hex[:12]}"
    grants = io.StringIO()
    call_command("audit", "grants", role, stdout=grants)
    with transaction.atomic():  # rolled back at the end of the test, role and all
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE ROLE "{role}"')
            cursor.execute(grants.getvalue())
            cursor.execute(f'SET LOCAL ROLE "{role}"')
            cursor.execute("SELECT count(*) FROM audit_auditevent")
            assert cursor.fetchone()[0] == 5  # it may read
        record(AuditAction.VIEW, actor_name="app", object_type="client", object_id="6")  # and add
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.count() == 6
