"""Every write of accounts: users, their memberships and roles, their permissions, their second factor.

The administration screens call these; the Django admin reaches the same rules through the model signals
of :mod:`werkroute.accounts.signals`. Every change is written into the audit chain by the receivers of
``administration.signals``, whichever way it was made; :func:`acting` tells them who made it.

Four eyes: nobody grants themselves a role or permission that opens clients' files
(:func:`werkroute.accounts.policies.grant_sees_case_files`); a second administrator must.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkroute.accounts import policies, signals
from werkroute.accounts.models import Membership, Role, User
from werkroute.regions.models import Organisation, OrganisationKind

_actor: ContextVar[User | None] = ContextVar("accounts_actor", default=None)
_reason: ContextVar[str] = ContextVar("accounts_reason", default="")

# Where each role means something: a caseworker role at an employer would open nothing and confuse.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.CASEWORKER: frozenset({OrganisationKind.MUNICIPALITY}),
    Role.TEAM_LEAD: frozenset({OrganisationKind.MUNICIPALITY}),
    Role.PARTNER_WORKER: frozenset({OrganisationKind.PARTNER, OrganisationKind.PROVIDER}),
    Role.EMPLOYER_SERVICE: frozenset({OrganisationKind.EMPLOYER_SERVICE_POINT}),
    Role.EMPLOYER: frozenset({OrganisationKind.EMPLOYER}),
}


@contextmanager
def acting(actor: User | None, reason: str = "") -> Iterator[None]:
    """Within this block, account changes are made (and audited, and four-eyes checked) as ``actor``;
    ``reason`` goes into their audit entries."""
    token = _actor.set(actor if actor is not None and actor.is_authenticated else None)
    reason_token = _reason.set(reason.strip()[:200])
    try:
        yield
    finally:
        _actor.reset(token)
        _reason.reset(reason_token)


def current_actor() -> User | None:
    """Who is changing accounts right now, as far as :func:`acting` was told; ``None`` for commands."""
    return _actor.get()


def current_reason() -> str:
    return _reason.get()


def self_grant_message() -> str:
    return _(
        "U kunt uzelf geen rol of recht geven waarmee u dossiers van klanten ziet. "
        "Vraag een andere beheerder om dit te doen."
    )


def check_grant(
    actor: User | None,
    user: User,
    *,
    role: str | None = None,
    permission: str | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Refuses (``ValidationError``) a role or permission that opens case files, given by ``user`` to
    themselves. So is any role at a municipality for someone holding a case-file permission: the privacy
    officer's scope follows the municipalities of their memberships. Without a known actor (a command
    run by technical staff) nothing is refused here."""
    if actor is None or actor.pk != user.pk:
        return
    widens_permission = (
        organisation is not None
        and organisation.kind == OrganisationKind.MUNICIPALITY
        and (user.is_superuser or any(user.has_perm(label) for label in policies.CASE_FILE_PERMISSIONS))
    )
    if widens_permission or policies.grant_sees_case_files(role=role, permission=permission):
        raise ValidationError(self_grant_message())


def _require_administrator(actor: User) -> None:
    if not policies.may_administer(actor):
        raise PermissionDenied


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def create_user(*, actor: User, values: dict[str, Any], password: str) -> User:
    """A new account, without any role yet (roles come with :func:`grant_membership`). Audited."""
    _require_administrator(actor)
    if User.objects.filter(username__iexact=values["username"]).exists():
        raise ValidationError({"username": _("Deze gebruikersnaam bestaat al.")})
    user = User(**values)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with acting(actor):  # the signal records it
        user.save()
    return user


@transaction.atomic
def grant_membership(*, actor: User, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` ``role`` at ``organisation``. Refused for a case-file role given to oneself, for a
    role that means nothing at that kind of organisation, and twice. Audited (by the signal)."""
    _require_administrator(actor)
    check_grant(actor, user, role=role, organisation=organisation)
    kinds = ROLE_ORGANISATION_KINDS.get(role)
    if kinds is not None and organisation.kind not in kinds:
        raise ValidationError(
            {
                "role": _("De rol %(role)s past niet bij een organisatie van de soort %(kind)s.")
                % {"role": Role(role).label, "kind": OrganisationKind(organisation.kind).label}
            }
        )
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"role": _("Deze gebruiker heeft deze rol bij deze organisatie al.")})
    with acting(actor):
        return Membership.objects.create(user=user, organisation=organisation, role=role)


@transaction.atomic
def revoke_membership(*, actor: User, membership: Membership) -> None:
    """Take a role away. Audited (by the signal)."""
    _require_administrator(actor)
    with acting(actor):
        membership.delete()


@transaction.atomic
def grant_permission(*, actor: User, user: User, permission: str) -> None:
    """Give ``user`` a permission (``app_label.codename``); the four-eyes rule applies. Audited."""
    _require_administrator(actor)
    check_grant(actor, user, permission=permission)
    with acting(actor):
        user.user_permissions.add(_permission(permission))


@transaction.atomic
def revoke_permission(*, actor: User, user: User, permission: str) -> None:
    """Take a permission away. Audited (by the signal)."""
    _require_administrator(actor)
    with acting(actor):
        user.user_permissions.remove(_permission(permission))


@transaction.atomic
def deactivate_user(*, actor: User, user: User, reason: str) -> None:
    """Block the account from logging in; nothing of it is deleted (its traces in files and the log stay).

    Clients are not this app's business: ``administration.services.deactivate_user`` moves them to a
    team lead first, so that no client is left without a caseworker.
    """
    _require_administrator(actor)
    if actor.pk == user.pk:
        raise ValidationError(_("U kunt uw eigen account niet blokkeren."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden op.")})
    user.is_active = False
    with acting(actor, reason):  # the signal records it, with the reason
        user.save(update_fields=["is_active"])


# Second factor: enrolment, removal and reset, each announced through accounts.signals for the audit log.


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
