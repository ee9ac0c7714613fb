"""Account security events, for the audit log.

``accounts`` lies below ``audit`` in the stack of apps, so it announces these events and
``audit.signals`` writes them into the hash-chained log (as Django's own login signals are).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``actor`` (who did it), ``user`` (whose second factor), ``event`` (one of the names below) and
# ``details`` (a dict of ids and reason codes, never a secret).
second_factor_changed = Signal()

ENROLLED = "enrolled"
REMOVED = "removed"
RESET = "reset"
REFUSED = "refused"
