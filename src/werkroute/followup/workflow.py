"""The signal's status table: which changes are allowed. Resolved and dismissed are final; a condition
that comes back later raises a new signal (with its own history), except a dismissed one of the same
cause (see :mod:`werkroute.followup.sweep`)."""

from __future__ import annotations

from werkroute.followup.models import SignalStatus

ALLOWED: dict[str, frozenset[str]] = {
    SignalStatus.OPEN: frozenset({SignalStatus.SNOOZED, SignalStatus.RESOLVED, SignalStatus.DISMISSED}),
    SignalStatus.SNOOZED: frozenset({SignalStatus.OPEN, SignalStatus.RESOLVED, SignalStatus.DISMISSED}),
    SignalStatus.RESOLVED: frozenset(),
    SignalStatus.DISMISSED: frozenset(),
}


def is_allowed(old: str, new: str) -> bool:
    return new in ALLOWED.get(old, frozenset())
