from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEvent(models.Model):
    """One typed event on a client's timeline, created only by the functions in ``cases/events.py``.

    ``data`` holds the event's parameters, not rendered text, so the timeline is shown in the reader's
    language and never repeats content that a later role may not see.
    """

    # No index of its own: the (client, -occurred_on, -id) index below starts with it, and the signal
    # sweep writes a hundred thousand events at once, each an insert into every index.
    client = models.ForeignKey(
        "cases.Client", on_delete=models.CASCADE, related_name="timeline_events", db_index=False
    )
    kind = models.CharField(max_length=40)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        indexes = [
            models.Index(fields=["client", "-occurred_on", "-id"]),
            # The caseload's "needs attention" column looks for a few rare kinds among all events.
            models.Index(fields=["kind", "client", "id"], name="timeline_kind_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"
