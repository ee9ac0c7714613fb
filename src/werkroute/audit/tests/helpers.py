"""One way for tests to check the audit log, instead of each test querying ``AuditEvent`` itself."""

from __future__ import annotations

from typing import Any

from werkroute.audit.models import AuditEvent


def _entries(action: str | None, filters: dict[str, Any]):  # type: ignore[no-untyped-def]
    if action is not None:
        filters = {"action": action, **filters}
    if "client" in filters:
        filters["client_id"] = filters.pop("client").pk
    if "actor" in filters:
        filters["actor_id"] = filters.pop("actor").pk
    return AuditEvent.objects.filter(**filters).order_by("id")


def assert_audited(action: str | None = None, *, count: int | None = None, **filters: Any) -> AuditEvent:
    """Assert that the log holds an entry of ``action`` matching ``filters`` (field lookups of
    ``AuditEvent``; ``client=`` and ``actor=`` take objects) — exactly ``count`` of them when given — and
    return the newest, for checks of its changes or purpose."""
    entries = _entries(action, filters)
    found = entries.count()
    if count is not None:
        assert found == count, f"expected {count} audit entries {action or ''} {filters}, found {found}"
    else:
        assert found, f"no audit entry {action or ''} {filters}"
    newest = entries.last()
    assert newest is not None
    return newest


def assert_not_audited(action: str | None = None, **filters: Any) -> None:
    """Assert that the log holds no entry of ``action`` matching ``filters``."""
    found = list(_entries(action, filters).values("id", "action", "object_type"))
    assert not found, f"unexpected audit entries: {found}"
