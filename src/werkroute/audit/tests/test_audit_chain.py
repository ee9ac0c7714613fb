"""`werkroute audit verify` detects a single altered, deleted or reordered entry."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.services import record

pytestmark = pytest.mark.django_db


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
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'iemand anders' WHERE id = %s", [log[2].pk])
    with pytest.raises(CommandError, match=f"entry {log[2].pk}: its content was altered"):
        _verify()


def test_a_deleted_entry_is_detected_at_its_successor(log):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [log[1].pk])
    with pytest.raises(CommandError, match=f"entry {log[2].pk}: the entry before it was removed"):
        _verify()


def test_removing_the_newest_entry_is_detected(log):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [log[-1].pk])
    with pytest.raises(CommandError, match="the end of the log"):
        _verify()


def test_two_swapped_entries_are_detected(log):
    first, second = log[1], log[3]
    with connection.cursor() as cursor:
        for target, source in ((first, second), (second, first)):
            cursor.execute(
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
