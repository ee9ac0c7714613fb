"""Production must never run with the well-known demo accounts and their public password."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def _demo_accounts_exist() -> bool:
    from werkroute.accounts.models import User

    try:
        return User.objects.filter(is_demo_account=True).exists()
    except DatabaseError:
        # Tables not migrated yet: there cannot be demo accounts either.
        return False


def refuse_demo_accounts_in_production() -> None:
    """Called when the production WSGI application starts; raises instead of serving."""
    if settings.WERKROUTE_PRODUCTION and _demo_accounts_exist():
        raise ImproperlyConfigured(
            "Demo accounts exist in this database. Production refuses to start: remove them with "
            "`werkroute demo --remove-accounts` or use another database."
        )


@register("database", deploy=True)
def check_no_demo_accounts(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    if settings.WERKROUTE_PRODUCTION and _demo_accounts_exist():
        return [
            Error(
                "Demo accounts exist while running with production settings.",
                hint="Remove them with `werkroute demo --remove-accounts`.",
                id="werkroute.E001",
            )
        ]
    return []
