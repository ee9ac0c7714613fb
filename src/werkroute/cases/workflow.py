"""The status machine of an activity: the only allowed status changes, in one table."""

from __future__ import annotations

from werkroute.cases.models import ActivityStatus

ALLOWED: dict[str, set[str]] = {
    ActivityStatus.PLANNED: {ActivityStatus.ACTIVE, ActivityStatus.STOPPED_EARLY},
    ActivityStatus.ACTIVE: {ActivityStatus.COMPLETED, ActivityStatus.STOPPED_EARLY},
    ActivityStatus.COMPLETED: set(),
    ActivityStatus.STOPPED_EARLY: set(),
}

# Statuses that close an activity: they need an end date.
CLOSING = {ActivityStatus.COMPLETED, ActivityStatus.STOPPED_EARLY}
# A status change that needs a reason, so that "support stopped early" can be analysed later.
NEEDS_REASON = {ActivityStatus.STOPPED_EARLY}


def allowed_next(status: str) -> list[str]:
    """The statuses an activity in ``status`` may move to, in the order of ``ActivityStatus``."""
    targets = ALLOWED.get(status, set())
    return [value for value in ActivityStatus.values if value in targets]


def is_allowed(old: str, new: str) -> bool:
    return new in ALLOWED.get(old, set())
