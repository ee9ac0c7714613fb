"""Every change of a membership, a permission or an account's powers goes into the audit chain, whichever
way it was made (the administration screens, the Django admin, a shell), and a case-file role or
permission given to oneself is refused here too, as the last line behind the forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from werkroute.accounts.models import Membership, User
from werkroute.accounts.services import check_grant, current_actor, current_reason, self_grant_message
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction

# Fields of an account that change what it may do.
POWER_FIELDS = ("is_active", "is_staff", "is_superuser")


def _refuse_self_grant(user: User, **grant: Any) -> None:
    try:
        check_grant(current_actor(), user, **grant)
    except ValidationError:
        raise PermissionDenied(self_grant_message()) from None


def _reason() -> dict[str, str]:
    reason = current_reason()
    return {"reason": reason} if reason else {}


def _membership_changes(membership: Membership) -> dict[str, Any]:
    return {
        **_reason(),
        "user_id": membership.user_id,
        "username": membership.user.username,
        "organisation_id": membership.organisation_id,
        "organisation": membership.organisation.name,
        "role": membership.role,
    }


@receiver(pre_save, sender=Membership)
def _check_membership(sender: type, instance: Membership, **kwargs: Any) -> None:
    _refuse_self_grant(instance.user, role=instance.role, organisation=instance.organisation)


@receiver(post_save, sender=Membership)
def _record_membership(sender: type, instance: Membership, created: bool, **kwargs: Any) -> None:
    audit.record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=current_actor(),
        object_type="membership",
        object_id=instance.pk,
        changes=_membership_changes(instance),
    )


@receiver(post_delete, sender=Membership)
def _record_membership_removed(sender: type, instance: Membership, **kwargs: Any) -> None:
    audit.record(
        AuditAction.DELETE,
        actor=current_actor(),
        object_type="membership",
        object_id=instance.pk,
        changes=_membership_changes(instance),
    )


def _labels(permissions: Any) -> list[str]:
    return sorted(f"{app}.{codename}" for app, codename in permissions)


@receiver(m2m_changed, sender=User.user_permissions.through)
def _user_permissions_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if reverse:  # changed from the permission's side: rare, recorded per user below
        users = User.objects.filter(pk__in=pk_set or [])
        labels = [f"{instance.content_type.app_label}.{instance.codename}"]
        pairs = [(user, labels) for user in users]
    else:
        permissions = Permission.objects.filter(pk__in=pk_set or []).values_list(
            "content_type__app_label", "codename"
        )
        pairs = [(instance, _labels(permissions))]
    if action == "pre_add":
        for user, labels in pairs:
            for label in labels:
                _refuse_self_grant(user, permission=label)
    elif action in ("post_add", "post_remove"):
        for user, labels in pairs:
            audit.record(
                AuditAction.CREATE if action == "post_add" else AuditAction.DELETE,
                actor=current_actor(),
                object_type="user_permission",
                object_id=user.pk,
                changes={"user_id": user.pk, "username": user.username, "permissions": labels},
            )
    elif action == "pre_clear" and not reverse:
        labels = _labels(instance.user_permissions.values_list("content_type__app_label", "codename"))
        if labels:
            audit.record(
                AuditAction.DELETE,
                actor=current_actor(),
                object_type="user_permission",
                object_id=instance.pk,
                changes={"user_id": instance.pk, "username": instance.username, "permissions": labels},
            )


def _group_labels(group: Group) -> list[str]:
    return _labels(group.permissions.values_list("content_type__app_label", "codename"))


@receiver(m2m_changed, sender=User.groups.through)
def _user_groups_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A group carries permissions: joining one is granting them."""
    if action not in ("pre_add", "post_add", "post_remove"):
        return
    if reverse:
        pairs = [(user, [instance]) for user in User.objects.filter(pk__in=pk_set or [])]
    else:
        pairs = [(instance, list(Group.objects.filter(pk__in=pk_set or [])))]
    for user, groups in pairs:
        for group in groups:
            if action == "pre_add":
                for label in _group_labels(group):
                    _refuse_self_grant(user, permission=label)
            else:
                audit.record(
                    AuditAction.CREATE if action == "post_add" else AuditAction.DELETE,
                    actor=current_actor(),
                    object_type="user_group",
                    object_id=user.pk,
                    changes={"user_id": user.pk, "username": user.username, "group": group.name},
                )


@receiver(m2m_changed, sender=Group.permissions.through)
def _group_permissions_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if reverse or action not in ("pre_add", "post_add", "post_remove"):
        return
    labels = _labels(
        Permission.objects.filter(pk__in=pk_set or []).values_list("content_type__app_label", "codename")
    )
    if action == "pre_add":
        actor = current_actor()
        if actor is not None and instance.user_set.filter(pk=actor.pk).exists():
            for label in labels:
                _refuse_self_grant(actor, permission=label)
        return
    audit.record(
        AuditAction.CREATE if action == "post_add" else AuditAction.DELETE,
        actor=current_actor(),
        object_type="group_permission",
        object_id=instance.pk,
        changes={"group": instance.name, "permissions": labels},
    )


@receiver(pre_save, sender=User)
def _check_account_powers(sender: type, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(POWER_FIELDS)):
        instance._powers_before = None  # type: ignore[attr-defined]
        return
    before = User.objects.filter(pk=instance.pk).values(*POWER_FIELDS).first()
    instance._powers_before = before  # type: ignore[attr-defined]
    if before is not None and instance.is_superuser and not before["is_superuser"]:
        # A superuser holds every permission, the case-file ones included.
        _refuse_self_grant(instance, permission="audit.inspect_access")


@receiver(post_save, sender=User)
def _record_account_powers(sender: type, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_powers_before", None)
    if created:
        # Every account starts active; only extra powers are worth an entry.
        changed = {name: [None, True] for name in ("is_staff", "is_superuser") if getattr(instance, name)}
    elif before is None:
        return
    else:
        changed = {
            name: [before[name], getattr(instance, name)]
            for name in POWER_FIELDS
            if before[name] != getattr(instance, name)
        }
    if changed:
        audit.record(
            AuditAction.UPDATE,
            actor=current_actor(),
            object_type="account",
            object_id=instance.pk,
            changes={"user_id": instance.pk, "username": instance.username, **changed, **_reason()},
        )
