"""Changes to accounts. Every change of an account's second factor goes through here and is audited
(through ``accounts.signals``, which ``audit.signals`` writes into the hash-chained log)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkroute.accounts import signals
from werkroute.accounts.models import Role

if TYPE_CHECKING:
    from werkroute.accounts.models import User


def _audited(event: str, *, actor: User, user: User, **details: object) -> None:
    """Announce a change (or a refused change) of ``user``'s second factor; ``audit.signals`` logs it."""
    signals.second_factor_changed.send(type(user), actor=actor, user=user, event=event, details=details)


def has_confirmed_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def demo_exempt(user: User) -> bool:
    """A demo account skips the second factor only in demo mode: the database flag alone never does."""
    return bool(settings.WERKROUTE_DEMO and getattr(user, "is_demo_account", False))


def may_enrol_second_factor(user: User) -> bool:
    """An account may set up an authenticator when it has none, or after confirming the one it has.

    Otherwise a stolen password would be enough to replace the owner's authenticator with one's own.
    """
    verified = getattr(user, "is_verified", None)
    return not has_confirmed_second_factor(user) or bool(verified and verified())


def refuse_enrolment(user: User) -> None:
    """Record that ``user`` tried to set up an authenticator without confirming the one they have."""
    _audited(signals.REFUSED, actor=user, user=user, reason="enrolment_without_second_factor")


def enrol_second_factor(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """Confirm the authenticator with secret ``key`` (hex) by a ``token`` from it.

    Returns the new confirmed device, replacing any the account had, or ``None`` when the code does not
    match. Raises ``PermissionDenied`` unless :func:`may_enrol_second_factor`. The enrolment and every
    replaced device are audited.
    """
    if not may_enrol_second_factor(user):
        refuse_enrolment(user)
        raise PermissionDenied
    device = TOTPDevice(user=user, key=key, name="authenticator", confirmed=True)
    if not _code_matches(device, token):
        return None
    with transaction.atomic():
        for old in TOTPDevice.objects.filter(user=user):
            _remove(old, actor=user, user=user, reason="replaced_by_owner")
        device.save()
        _audited(signals.ENROLLED, actor=user, user=user, device=device.persistent_id)
    return device


def _code_matches(device: TOTPDevice, token: str) -> bool:
    """Whether ``token`` is a current code of ``device``; marks its time step used, as django-otp does.

    Checked without ``device.verify_token``, whose throttling saves the device on a wrong code: an
    unconfirmed secret must not reach the database before a code from it is confirmed.
    """
    if not token.isascii() or not token.isdigit():
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(token), device.tolerance):
        return False
    device.last_t, device.drift = totp.t(), totp.drift  # the code just used cannot log in again
    return True


def _remove(device: TOTPDevice, *, actor: User, user: User, reason: str) -> None:
    persistent_id = device.persistent_id
    device.delete()
    _audited(signals.REMOVED, actor=actor, user=user, device=persistent_id, reason=reason)


def may_reset_second_factor(actor: User, user: User) -> bool:
    """An administrator (or superuser) may reset another account's second factor, never their own."""
    if not actor.is_active or actor.pk == user.pk:
        return False
    return actor.is_superuser or actor.memberships.filter(role=Role.ADMINISTRATOR).exists()


def reset_second_factor(*, actor: User, user: User, reason: str) -> int:
    """Remove every authenticator of ``user``, so that their next login sets up a new one.

    For an account whose owner lost their phone. Only :func:`may_reset_second_factor` actors, with a
    ``reason`` (kept in the audit log; a refusal is audited too, outside the transaction). The owner is told by e-mail that it happened (nothing more, so
    the message gives nothing away if someone else reads it); sessions verified with the removed device
    are no longer verified. Returns the number of devices removed.
    """
    if not may_reset_second_factor(actor, user):
        _audited(signals.REFUSED, actor=actor, user=user, reason="reset_not_allowed")
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden op voor het opnieuw instellen.")})
    with transaction.atomic():
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user))
        for device in devices:
            _remove(device, actor=actor, user=user, reason="reset_by_administrator")
        _audited(signals.RESET, actor=actor, user=user, devices_removed=len(devices), reason=reason[:500])
        if user.email:
            transaction.on_commit(lambda: _notify_reset(user))
    return len(devices)


def _notify_reset(user: User) -> None:
    send_mail(
        _("Uw tweestapsverificatie is opnieuw ingesteld"),
        _(
            "De functioneel beheerder heeft de tweestapsverificatie van uw Werkroute-account opnieuw "
            "ingesteld. Bij de volgende keer inloggen koppelt u uw authenticator-app opnieuw. Hebt u hier "
            "niet om gevraagd? Neem dan contact op met de functioneel beheerder van uw organisatie."
        ),
        None,
        [user.email],
    )
