"""The status machine of an activity: the only allowed status changes, in one table."""

from __future__ import annotations

from werkroute.cases.models import ActivityStatus

ALLOWED: dict[str, set[str]] = {
    # An activity that never began is cancelled, not "stopped early": only the latter counts as
    # support that ended before its goal, which monitoring reports as a dropout.
    ActivityStatus.PLANNED: {ActivityStatus.ACTIVE, ActivityStatus.CANCELLED},
    ActivityStatus.ACTIVE: {ActivityStatus.COMPLETED, ActivityStatus.STOPPED_EARLY},
    ActivityStatus.COMPLETED: set(),
    ActivityStatus.STOPPED_EARLY: set(),
    ActivityStatus.CANCELLED: set(),
}

# Statuses that close a running activity: they set its end date.
CLOSING = {ActivityStatus.COMPLETED, ActivityStatus.STOPPED_EARLY}
# Status changes that need a reason, so that ending support can be analysed later.
NEEDS_REASON = {ActivityStatus.STOPPED_EARLY, ActivityStatus.CANCELLED}


def allowed_next(status: str) -> list[str]:
    """The statuses an activity in ``status`` may move to, in the order of ``ActivityStatus``."""
    targets = ALLOWED.get(status, set())
    return [value for value in ActivityStatus.values if value in targets]


def is_allowed(old: str, new: str) -> bool:
    return new in ALLOWED.get(old, set())
