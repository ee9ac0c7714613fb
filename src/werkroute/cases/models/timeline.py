from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEvent(models.Model):
    """One typed event on a client's timeline, created only by the functions in ``cases/events.py``.

    ``data`` holds the event's parameters, not rendered text, so the timeline is shown in the reader's
    language and never repeats content that a later role may not see.
    """

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="timeline_events")
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
        indexes = [models.Index(fields=["client", "-occurred_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"
