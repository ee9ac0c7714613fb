"""Every change of a membership, a permission, a group or an account's powers goes into the audit chain,
whichever way it was made (the administration screens, the Django admin, a shell), with the actor that
``accounts.services.acting`` names; so does a reset of a second factor. The refusals of the four-eyes
rule are in ``accounts.signals``; this module only records, from above the audit app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from werkroute.accounts.models import Membership, User
from werkroute.accounts.services import current_actor, current_reason
from werkroute.accounts.signals import (
    POWER_FIELDS,
    group_permission_labels,
    permission_labels,
    user_group_pairs,
)
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction


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


def _record_permissions(user: User, action: str, labels: list[str]) -> None:
    audit.record(
        action,
        actor=current_actor(),
        object_type="user_permission",
        object_id=user.pk,
        changes={**_reason(), "user_id": user.pk, "username": user.username, "permissions": labels},
    )


@receiver(m2m_changed, sender=User.user_permissions.through)
def _record_user_permissions(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    kind = AuditAction.CREATE if action == "post_add" else AuditAction.DELETE
    if reverse:  # changed from the permission's side
        if action == "pre_clear":
            users = list(instance.user_set.all())
        else:
            users = list(User.objects.filter(pk__in=pk_set or []))
        for user in users:
            _record_permissions(user, kind, [f"{instance.content_type.app_label}.{instance.codename}"])
        return
    if action == "pre_clear":
        pairs = instance.user_permissions.values_list("content_type__app_label", "codename")
    else:
        pairs = Permission.objects.filter(pk__in=pk_set or []).values_list(
            "content_type__app_label", "codename"
        )
    labels = permission_labels(pairs)
    if labels:
        _record_permissions(instance, kind, labels)


@receiver(m2m_changed, sender=User.groups.through)
def _record_user_groups(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove"):
        return
    for user, groups in user_group_pairs(instance, reverse, pk_set):
        for group in groups:
            audit.record(
                AuditAction.CREATE if action == "post_add" else AuditAction.DELETE,
                actor=current_actor(),
                object_type="user_group",
                object_id=user.pk,
                changes={
                    "user_id": user.pk,
                    "username": user.username,
                    "group": group.name,
                    "permissions": group_permission_labels(group),
                },
            )


@receiver(m2m_changed, sender=Group.permissions.through)
def _record_group_permissions(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if reverse or action not in ("post_add", "post_remove"):
        return
    labels = permission_labels(
        Permission.objects.filter(pk__in=pk_set or []).values_list("content_type__app_label", "codename")
    )
    audit.record(
        AuditAction.CREATE if action == "post_add" else AuditAction.DELETE,
        actor=current_actor(),
        object_type="group_permission",
        object_id=instance.pk,
        changes={"group": instance.name, "permissions": labels},
    )


@receiver(post_save, sender=User)
def _record_account(sender: type, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_powers_before", None)
    if created:
        # Every account starts active; an account made by someone, or with extra powers, is worth an entry.
        changed = {name: [None, True] for name in ("is_staff", "is_superuser") if getattr(instance, name)}
        if not changed and current_actor() is None:
            return
        changed["username"] = instance.username  # type: ignore[assignment]
        action = AuditAction.CREATE
    elif before is None:
        return
    else:
        changed = {
            name: [before[name], getattr(instance, name)]
            for name in POWER_FIELDS
            if before[name] != getattr(instance, name)
        }
        action = AuditAction.UPDATE
    if changed:
        audit.record(
            action,
            actor=current_actor(),
            object_type="account",
            object_id=instance.pk,
            changes={"user_id": instance.pk, "username": instance.username, **changed, **_reason()},
        )
