"""What the client does in their own portal: the account that opens exactly one file, and the messages
between client and caseworker, which are part of the file (retention and the access export include them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientAccount(models.Model):
    """A user account of a client: it opens exactly one client file, their own, and nothing else.

    Made by ``cases.services.open_client_account`` (the demo's ``klant.demo``) or on the first DigiD
    login, found through the keyed BSN hash. The account holds no memberships, so every staff selector
    gives it nothing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_account"
    )
    client = models.OneToOneField("cases.Client", on_delete=models.CASCADE, related_name="account")
    created_at = models.DateTimeField(auto_now_add=True)
    # The previous visit: the plan page shows what the caseworker changed since then.
    last_visit_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("taal"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("klantaccount")
        verbose_name_plural = _("klantaccounts")

    def __str__(self) -> str:
        return f"klantaccount {self.pk}"


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("bericht")
    CANNOT_ATTEND = "cannot_attend", _("kan niet komen")
    CORRECTION = "correction", _("verzoek om correctie")


class Message(models.Model):
    """One message of the thread between a client and their caseworker. A client's "I can't come" and
    correction request are messages too, with their kind (and the activity), so the caseworker reads and
    answers them in the same place."""

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(
        _("soort"), max_length=20, choices=MessageKind.choices, default=MessageKind.MESSAGE
    )
    from_client = models.BooleanField(_("van de klant"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afzender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    activity = models.ForeignKey(
        "cases.Activity",
        verbose_name=_("activiteit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("tekst"), max_length=2000)
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [models.Index(fields=["client", "sent_at"])]

    def __str__(self) -> str:
        return f"bericht {self.pk}"
