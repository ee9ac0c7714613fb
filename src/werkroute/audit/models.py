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
    """One line of the audit log. Never updated or deleted: ``save`` refuses an update, ``delete`` refuses,
    and on PostgreSQL a trigger refuses UPDATE and DELETE in the database itself (migration 0003).

    ``entry_hash`` is an HMAC-SHA256, keyed with the key ``key_id`` from outside the database, over the
    previous entry's hash and this entry's content (see :func:`werkroute.audit.chain.entry_hash`), so
    altering, removing or reordering any entry breaks the chain from that point on, which
    ``werkroute audit verify`` reports. Personal values that must be kept are sealed with the client's
    :class:`SubjectKey` inside ``changes``, so that deleting the key erases them without touching the row.
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
    # Which configured audit key signed the entry; empty for entries from before the chain was keyed.
    key_id = models.CharField(max_length=32, blank=True, default="")

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


class SubjectKey(models.Model):
    """A client's own key for the personal values the audit log keeps about them (crypto-shredding).

    Values such as an old and a new name are sealed with this key inside an entry's ``changes``. When the
    file is deleted after its retention period the key is deleted too, and the sealed values can never
    be read again, while the entries themselves, and so the chain, stay untouched. The key itself is
    stored encrypted with the application's encryption keys (``core.crypto``).
    """

    client_id = models.UUIDField(unique=True)
    encrypted_key = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key of {self.client_id}"
