"""API clients (systems of the chain), idempotent creations, subscriptions and their delivery log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A system that calls the API for one organisation, with the scopes it was given.

    It authenticates with OAuth2 client credentials (``application``, django-oauth-toolkit) and acts
    through its own system account (``user``, without memberships and without a usable password), which
    the policies judge as a person of ``organisation`` (``accounts.policies.act_for_organisation``) and the
    audit log names as a system.
    """

    name = models.CharField(_("naam"), max_length=100)
    organisation = models.ForeignKey(
        "regions.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="api_client"
    )
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_client")
    scopes = models.CharField(_("scopes"), max_length=500)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class IdempotentRequest(models.Model):
    """What a creating request sent with an ``Idempotency-Key`` created: a retry gets that record (as it
    is now, read in the caller's scope) instead of a second one. A key reused for a different request is
    refused. Only the id is kept, never the answer itself, so no personal data lives on here."""

    api_client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    resource_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_client", "key"], name="unique_idempotency_key_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.api_client_id}: {self.key}"


class Channel(models.TextChoices):
    """What a subscription is about; the CloudEvent's type is ``nl.werkroute.<channel>.changed``."""

    REFERRALS = "referrals", _("voordrachten")
    PLANS = "plans", _("plannen (PIP)")
    CONSENTS = "consents", _("toestemmingen")
    SIGNALS = "signals", _("signalen")


class Subscription(models.Model):
    """A system's request to be told when something of a channel changes, at ``callback_url``, signed
    with ``secret`` (HMAC-SHA256). Only changes the system may see are sent, judged at delivery."""

    api_client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="subscriptions")
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    callback_url = models.URLField(_("callback-URL"), max_length=500)
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")

    def __str__(self) -> str:
        return f"{self.api_client} – {self.channel}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("wacht op bezorging")
    DELIVERED = "delivered", _("bezorgd")
    FAILED = "failed", _("mislukt na alle pogingen")


class Delivery(models.Model):
    """One notification to one subscription, with every attempt's outcome: the delivery log. It holds
    the CloudEvent as sent, which names no person, only a link to the resource."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.JSONField(_("CloudEvent"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("laatste HTTP-status"), null=True, blank=True)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("bezorgd op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bezorging van een notificatie")
        verbose_name_plural = _("bezorgingen van notificaties")

    def __str__(self) -> str:
        return f"{self.event.get('type', '')} → {self.subscription.callback_url} ({self.status})"
