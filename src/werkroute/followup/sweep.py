"""The sweep: run every rule over all clients and bring the signals in line with what the rules find.

Set-based: the columns the rules need are read once and every rule is computed for all clients on arrays
(:mod:`werkroute.followup.evaluate`; the rules' own queries in :mod:`~werkroute.followup.rules` are the
reference it is tested against), and the comparison with the live signals is done on keys (client, rule,
subject) in memory, followed by bulk writes (:mod:`werkroute.followup.bulk`). A rule's changes are
written in one transaction (a refresh of one client's signals writes all rules in one), so a worker
killed halfway leaves every rule either done or untouched; running again finishes the rest and changes
nothing twice (the unique constraint on live signals guards against two sweeps at once).

Raised, reopened and resolved signals each get a timeline event; the audit log gets one entry per rule
and run listing the signals it changed (an entry per signal would make the nightly run's cost grow with
the chain's hashing, and the sweep is one actor doing one thing).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from werkroute.accounts.policies import Purpose
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.models import TimelineEvent
from werkroute.followup import aftercare, bulk, evaluate, events
from werkroute.followup.models import (
    LIVE_STATUSES,
    RuleThreshold,
    Signal,
    SignalStatus,
    signals_changed,
)
from werkroute.followup.rules import RULES, Finding, Rule, Scope

logger = logging.getLogger(__name__)

SWEEP_ACTOR = "signaalronde"
Key = tuple[Any, str]


@dataclass
class SweepResult:
    raised: dict[str, int] = field(default_factory=dict)
    resolved: dict[str, int] = field(default_factory=dict)
    reopened: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.raised.values()) + sum(self.resolved.values()) + sum(self.reopened.values())


def groups(rule: Rule, overrides: dict[str, dict[int, dict[str, int]]]) -> list[tuple[Scope, dict[str, int]]]:
    """The calls one rule needs: one for the municipalities on the defaults, one per distinct set of a
    municipality's own thresholds."""
    own = overrides.get(rule.code, {})
    by_values: dict[frozenset[tuple[str, int]], set[int]] = defaultdict(set)
    for municipality_id, values in own.items():
        merged = rule.thresholds | {name: value for name, value in values.items() if name in rule.thresholds}
        by_values[frozenset(merged.items())].add(municipality_id)
    calls = [(Scope(exclude=frozenset(own)), dict(rule.thresholds))]
    calls += [(Scope(include=frozenset(ids)), dict(values)) for values, ids in by_values.items()]
    return calls


def load_overrides() -> dict[str, dict[int, dict[str, int]]]:
    overrides: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for municipality_id, rule, name, value in RuleThreshold.objects.values_list(
        "municipality_id", "rule", "name", "value"
    ):
        overrides[rule][municipality_id][name] = value
    return overrides


def find_all(today: dt.date, client_ids: Iterable[Any] | None = None) -> dict[str, dict[Key, Finding]]:
    """What every rule finds on ``today`` (for ``client_ids`` only, when given), rules that yield to a
    more precise one already thinned. Evaluated on column arrays (:mod:`werkroute.followup.evaluate`)."""
    narrowed = list(client_ids) if client_ids is not None else None
    return _thinned(evaluate.find_all(today, load_overrides(), narrowed))


def find_all_by_queries(
    today: dt.date, client_ids: Iterable[Any] | None = None
) -> dict[str, dict[Key, Finding]]:
    """The same as :func:`find_all`, through each rule's own queries (one call per group of
    municipalities sharing thresholds): the reference the column evaluation is tested against."""
    overrides = load_overrides()
    narrowed = frozenset(client_ids) if client_ids is not None else None
    found: dict[str, dict[Key, Finding]] = {}
    for rule in RULES:
        rows: dict[Key, Finding] = {}
        for scope, params in groups(rule, overrides):
            scope = Scope(include=scope.include, exclude=scope.exclude, client_ids=narrowed)
            for finding in rule.find(today, params, scope):
                rows[(finding.client_id, finding.subject)] = finding
        found[rule.code] = rows
    return _thinned(found)


def _thinned(found: dict[str, dict[Key, Finding]]) -> dict[str, dict[Key, Finding]]:
    for rule in RULES:
        if rule.yields_to:
            covered = {key[0] for other in rule.yields_to for key in found[other]}
            found[rule.code] = {key: row for key, row in found[rule.code].items() if key[0] not in covered}
    return found


def sweep(
    today: dt.date | None = None, client_ids: Iterable[Any] | None = None, resolved_by: str = ""
) -> SweepResult:
    """Raise, reopen and resolve signals so that the live ones are exactly what the rules find on
    ``today``. Idempotent: a second run changes nothing. ``client_ids`` narrows it to some clients (the
    refresh after a change of a file); ``resolved_by`` names what resolved them (the kind of that change)."""
    today = today or dt.date.today()
    client_ids = list(client_ids) if client_ids is not None else None
    with _page_cache(large=client_ids is None):
        return _sweep(today, client_ids, resolved_by)


# SQLite's page cache while a whole sweep runs, in KiB. Its default (2 MiB) made every index insert of a
# national sweep a read of the page from the operating system; PostgreSQL has its shared buffers.
SWEEP_PAGE_CACHE_KIB = 256 * 1024


@contextmanager
def _page_cache(*, large: bool) -> Iterator[None]:
    if not large or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(SWEEP_PAGE_CACHE_KIB)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _sweep(today: dt.date, client_ids: list[Any] | None, resolved_by: str) -> SweepResult:
    # Every start of paid work gets its after-care before the rules look at the check-ins.
    aftercare.ensure_after_care(today, client_ids)
    found = find_all(today, client_ids)
    if client_ids is not None:
        return _refresh(found, today, client_ids, resolved_by)
    result = SweepResult()
    for rule in RULES:
        for attempt in (1, 2):
            try:
                # A rule's changes in one transaction: a worker killed halfway leaves it done or untouched.
                with transaction.atomic():
                    _apply(rule, found[rule.code], today, None, resolved_by, result)
                logger.info("rule_swept %s", rule.code)
                break
            except IntegrityError:
                # Another sweep raised the same signal in the meantime: compare again with what it wrote.
                if attempt == 2:
                    raise
    return result


@dataclass
class _Known:
    """The signals of a few clients, of every rule, read in one query: what each rule's comparison
    would otherwise read per rule."""

    live: dict[str, dict[Key, tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(dict))
    dismissed: dict[str, set[tuple[Any, str, Any]]] = field(default_factory=lambda: defaultdict(set))
    changed_clients: set[Any] = field(default_factory=set)

    @classmethod
    def of(cls, client_ids: list[Any]) -> _Known:
        known = cls()
        rows = Signal.objects.filter(
            client_id__in=client_ids, status__in=[*LIVE_STATUSES, SignalStatus.DISMISSED]
        ).values_list("pk", "rule", "client_id", "subject", "status", "snoozed_until", "due_on", "reason")
        for pk, rule, client_id, subject, status, snoozed_until, due_on, reason in rows:
            if status == SignalStatus.DISMISSED:
                known.dismissed[rule].add((client_id, subject, due_on))
            else:
                known.live[rule][(client_id, subject)] = (pk, status, snoozed_until, due_on, reason)
        return known


def _refresh(
    found: dict[str, dict[Key, Finding]], today: dt.date, client_ids: list[Any], resolved_by: str
) -> SweepResult:
    """The sweep for a few clients (the job after every change of a file, about once a second at a
    busy desk): every rule in one transaction, on one read of their signals, announced once. The
    national sweep keeps a transaction per rule, so that a worker killed halfway keeps the rules it
    finished; for one client, all or nothing is both cheaper and what a reader of the file expects."""
    for attempt in (1, 2):
        result = SweepResult()
        try:
            with transaction.atomic():
                known = _Known.of(client_ids)
                for rule in RULES:
                    _apply(rule, found[rule.code], today, client_ids, resolved_by, result, known)
                if known.changed_clients:
                    signals_changed.send(sender=Signal, client_ids=sorted(known.changed_clients, key=str))
            return result
        except IntegrityError:
            # Another refresh of the same client raised the same signal in the meantime.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _order(client_id: Any) -> Any:
    # UUIDs compare in Python; their number in C (the same order).
    return client_id.int if isinstance(client_id, uuid.UUID) else client_id


def _in_batches(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    # A bounded number of parameters per statement (SQLite allows 999 by default).
    return (ids[start : start + size] for start in range(0, len(ids), size))


def _apply(
    rule: Rule,
    findings: dict[Key, Finding],
    today: dt.date,
    client_ids: list[Any] | None,
    resolved_by: str,
    result: SweepResult,
    known: _Known | None = None,
) -> None:
    signals = Signal.objects.filter(rule=rule.code)
    if known is not None:
        live = known.live[rule.code]
    else:
        live = {
            (client_id, subject): (pk, status, snoozed_until, due_on, reason)
            for pk, client_id, subject, status, snoozed_until, due_on, reason in signals.filter(
                status__in=LIVE_STATUSES
            ).values_list("pk", "client_id", "subject", "status", "snoozed_until", "due_on", "reason")
        }
    new_keys = [key for key in findings if key not in live]
    if new_keys:
        # A cause that was dismissed stays dismissed; only a new cause (another due day) raises again.
        if known is not None:
            dismissed = known.dismissed[rule.code]
        else:
            dismissed_signals = signals.filter(status=SignalStatus.DISMISSED)
            if len(new_keys) <= 500:
                dismissed_signals = dismissed_signals.filter(client_id__in={key[0] for key in new_keys})
            dismissed = set(dismissed_signals.values_list("client_id", "subject", "due_on"))
        new_keys = [key for key in new_keys if (*key, findings[key].due_on) not in dismissed]
    # In the order of the indexes that start with the client: each index page is visited once.
    new_keys.sort(key=lambda key: (_order(key[0]), key[1]))
    inserted = bulk.insert(
        Signal,
        ("client_id", "rule", "subject", "raised_on", "due_on", "reason"),
        ((key[0], rule.code, key[1], today, findings[key].due_on, findings[key].reason) for key in new_keys),
        returning=("id",),
    )
    created = [(pk, key) for (pk,), key in zip(inserted, new_keys, strict=True)]
    gone = [values[0] for key, values in live.items() if key not in findings]
    reopened = [
        values[0]
        for key, values in live.items()
        if key in findings
        and values[1] == SignalStatus.SNOOZED
        and values[2] is not None
        and values[2] < today
    ]
    changed_reason = [
        Signal(pk=values[0], due_on=findings[key].due_on, reason=findings[key].reason)
        for key, values in live.items()
        if key in findings and (values[3] != findings[key].due_on or values[4] != findings[key].reason)
    ]
    # Bulk writes do not touch ``updated_at`` themselves; a system copying the signals changed since a
    # moment must find these too.
    now = timezone.now()
    for batch in _in_batches(gone):
        Signal.objects.filter(pk__in=batch).update(
            status=SignalStatus.RESOLVED,
            closed_on=today,
            resolved_by=resolved_by[:40],
            changed_by=None,
            updated_at=now,
        )
    for batch in _in_batches(reopened):
        Signal.objects.filter(pk__in=batch).update(
            status=SignalStatus.OPEN, snoozed_until=None, updated_at=now
        )
    if changed_reason:
        # The dates behind a live signal were corrected: no new signal, no status change, no event.
        for signal in changed_reason:
            signal.updated_at = now
        Signal.objects.bulk_update(changed_reason, ["due_on", "reason", "updated_at"], batch_size=500)
    key_of = {values[0]: key for key, values in live.items()}
    key_of.update(created)
    changes = [(pk, events.Kind.SIGNAL_RAISED) for pk, _ in created]
    changes += [(pk, events.Kind.SIGNAL_RESOLVED) for pk in gone]
    changes += [(pk, events.Kind.SIGNAL_REOPENED) for pk in reopened]
    changes.sort(key=lambda change: _order(key_of[change[0]][0]))
    bulk.insert(
        TimelineEvent,
        ("client_id", "kind", "occurred_on", "data"),
        (
            (key_of[pk][0], kind, today, events.signal_event_data(pk, rule.code, key_of[pk][1]))
            for pk, kind in changes
        ),
    )
    changed_clients = {key_of[pk][0] for pk, _ in changes} | {
        key_of[signal.pk][0] for signal in changed_reason
    }
    if known is not None:
        known.changed_clients |= changed_clients
    elif changed_clients:
        signals_changed.send(sender=Signal, client_ids=sorted(changed_clients, key=str))
    if created or gone or reopened:
        audit.record(
            AuditAction.UPDATE,
            actor_name=SWEEP_ACTOR,
            object_type="signal_sweep",
            object_id=rule.code,
            client_id=client_ids[0] if client_ids is not None and len(client_ids) == 1 else None,
            changes={
                "raised": [pk for pk, _ in created],
                "resolved": gone,
                "reopened": reopened,
                **({"resolved_by": resolved_by} if resolved_by and gone else {}),
            },
            purpose=Purpose.CASE_WORK,
        )
    result.raised[rule.code] = len(created)
    result.resolved[rule.code] = len(gone)
    result.reopened[rule.code] = len(reopened)
