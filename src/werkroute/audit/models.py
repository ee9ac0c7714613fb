"""The append-only, hash-chained log of every read and write of personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("bekeken")
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("mislukte inlog")
    LOGOUT = "logout", _("uitgelogd")
    REFUSED = "refused", _("toegang geweigerd")
    CONSENT_GIVEN = "consent_given", _("toestemming gegeven")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("toestemming ingetrokken")
    OVERRIDE = "override", _("toestemming overschreven")


class AuditEvent(models.Model):
    """One line of the audit log. Never updated or deleted: ``save`` refuses an update, ``delete`` refuses.

    ``entry_hash`` is SHA-256 over the previous entry's hash and this entry's content (see
    :func:`werkroute.audit.chain.entry_hash`), so altering, removing or reordering any entry breaks the
    chain from that point on, which ``werkroute audit_verify`` reports.
    """

    recorded_at = models.DateTimeField(_("tijdstip"))
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    actor_name = models.CharField(_("gebruiker"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=50, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    action = models.CharField(_("handeling"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=50, blank=True)
    object_id = models.CharField(_("gegeven-id"), max_length=64, blank=True)
    client_id = models.UUIDField(_("klant"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    purpose = models.CharField(_("doel"), max_length=200, blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        permissions = [
            ("inspect_access", _("mag zien wie een dossier heeft ingezien en inzageverzoeken uitvoeren")),
        ]
        verbose_name = _("logregel")
        verbose_name_plural = _("logregels")

    def __str__(self) -> str:
        return f"{self.recorded_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries are never deleted")


class AuditChainHead(models.Model):
    """The single row holding the newest hash and the number of entries.

    Writers lock it, so entries are chained one after the other; ``audit_verify`` compares it with the
    log, so removing the newest entries is detected as well.
    """

    last_hash = models.CharField(max_length=64)
    entries = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.entries} entries"
