"""The last line of the four-eyes rule, behind the forms: whichever way a membership, a permission, a group
or superuser status is given (the administration screens, the Django admin, a shell with an actor set by
:func:`werkroute.accounts.services.acting`), a case-file grant to oneself is refused here.

Recording these changes in the audit chain is done by ``administration.signals``, above the audit app.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import Signal, receiver

from werkroute.accounts import services
from werkroute.accounts.models import Membership, User

# Fields of an account that change what it may do.
POWER_FIELDS = ("is_active", "is_staff", "is_superuser")

# Second-factor events: sent by accounts.services with ``actor`` (who did it), ``user`` (whose second
# factor), ``event`` (one of the names below) and ``details`` (a dict of ids and reason codes, never a
# secret); ``audit.signals`` writes them into the hash-chained log, as it does Django's login signals.
second_factor_changed = Signal()

ENROLLED = "enrolled"
REMOVED = "removed"
RESET = "reset"
REFUSED = "refused"


def _refuse_self_grant(user: User, **grant: Any) -> None:
    try:
        services.check_grant(services.current_actor(), user, **grant)
    except ValidationError:
        raise PermissionDenied(services.self_grant_message()) from None


def permission_labels(permissions: Any) -> list[str]:
    """``app_label.codename`` of (app_label, codename) pairs, sorted."""
    return sorted(f"{app}.{codename}" for app, codename in permissions)


def user_group_pairs(instance: Any, reverse: bool, pk_set: set[int] | None) -> list[tuple[User, list[Group]]]:
    """Each user of an ``m2m_changed`` on ``User.groups`` with the groups it concerns, whichever side
    (a user's groups, or a group's users) the change was made from."""
    if reverse:
        return [(user, [instance]) for user in User.objects.filter(pk__in=pk_set or [])]
    return [(instance, list(Group.objects.filter(pk__in=pk_set or [])))]


def group_permission_labels(group: Group) -> list[str]:
    return permission_labels(group.permissions.values_list("content_type__app_label", "codename"))


@receiver(pre_save, sender=Membership)
def _check_membership(sender: type, instance: Membership, **kwargs: Any) -> None:
    _refuse_self_grant(instance.user, role=instance.role, organisation=instance.organisation)


@receiver(m2m_changed, sender=User.user_permissions.through)
def _check_user_permissions(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action != "pre_add":
        return
    if reverse:
        label = f"{instance.content_type.app_label}.{instance.codename}"
        for user in User.objects.filter(pk__in=pk_set or []):
            _refuse_self_grant(user, permission=label)
        return
    permissions = Permission.objects.filter(pk__in=pk_set or []).values_list(
        "content_type__app_label", "codename"
    )
    for label in permission_labels(permissions):
        _refuse_self_grant(instance, permission=label)


@receiver(m2m_changed, sender=User.groups.through)
def _check_user_groups(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A group carries permissions: joining one is being granted them."""
    if action != "pre_add":
        return
    for user, groups in user_group_pairs(instance, reverse, pk_set):
        for group in groups:
            for label in group_permission_labels(group):
                _refuse_self_grant(user, permission=label)


@receiver(m2m_changed, sender=Group.permissions.through)
def _check_group_permissions(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    actor = services.current_actor()
    if reverse or action != "pre_add" or actor is None or not instance.user_set.filter(pk=actor.pk).exists():
        return
    permissions = Permission.objects.filter(pk__in=pk_set or []).values_list(
        "content_type__app_label", "codename"
    )
    for label in permission_labels(permissions):
        _refuse_self_grant(actor, permission=label)


@receiver(pre_save, sender=User)
def _check_account_powers(sender: type, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    """Keeps the powers before the save (``_powers_before``, for the audit entry) and refuses making
    oneself superuser: a superuser holds every permission, the case-file ones included."""
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(POWER_FIELDS)):
        instance._powers_before = None  # type: ignore[attr-defined]
        return
    before = User.objects.filter(pk=instance.pk).values(*POWER_FIELDS).first()
    instance._powers_before = before  # type: ignore[attr-defined]
    if before is not None and instance.is_superuser and not before["is_superuser"]:
        _refuse_self_grant(instance, permission="audit.inspect_access")
