"""Logins, logouts, failed logins and changes of a second factor are audited too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from werkroute.accounts.signals import ENROLLED, REFUSED, REMOVED, RESET, second_factor_changed
from werkroute.audit.models import AuditAction
from werkroute.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(AuditAction.LOGIN, actor=user, object_type="user", object_id=user.pk)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(AuditAction.LOGOUT, actor=user, object_type="user", object_id=getattr(user, "pk", ""))


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only the username: django-axes and Django already mask the password, and it must never be logged.
    record(
        AuditAction.LOGIN_FAILED, actor_name=str(credentials.get("username", ""))[:150], object_type="user"
    )


SECOND_FACTOR_ACTIONS = {
    ENROLLED: AuditAction.CREATE,
    REMOVED: AuditAction.DELETE,
    RESET: AuditAction.UPDATE,
    REFUSED: AuditAction.REFUSED,
}


@receiver(second_factor_changed)
def _second_factor_changed(
    sender: Any, actor: Any, user: Any, event: str, details: dict[str, Any], **kwargs: Any
) -> None:
    record(
        SECOND_FACTOR_ACTIONS[event],
        actor=actor,
        object_type="second_factor",
        object_id=user.pk,
        changes={**details, "reset": True} if event == RESET else details,
    )
