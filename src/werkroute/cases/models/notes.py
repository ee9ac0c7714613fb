from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    NOTE = "note", _("notitie (geen contact)")
    IN_PERSON = "in_person", _("gesprek op kantoor")
    HOME_VISIT = "home_visit", _("huisbezoek")
    PHONE = "phone", _("telefonisch")
    VIDEO = "video", _("videobellen")
    MESSAGE = "message", _("bericht of e-mail")


class Note(models.Model):
    """A note or a contact moment. ``channel`` other than NOTE means the client was actually in contact."""

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    channel = models.CharField(
        _("soort"), max_length=20, choices=ContactChannel.choices, default=ContactChannel.NOTE
    )
    occurred_on = models.DateField(_("datum"))
    text = models.TextField(_("tekst"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_on}"
