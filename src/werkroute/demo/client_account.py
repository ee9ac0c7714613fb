"""The demo client's own account (``klant.demo``) for the portal at /mijn/: a demo account like the
others (same public password, ``is_demo_account``, so production refuses to start while it exists),
linked to one demo client with a plan and activities."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db.models import Exists, OuterRef

from werkroute.accounts.models import User
from werkroute.cases import client_services
from werkroute.cases.models import Activity, ActivityStatus, ClientAccount, PlanVersion
from werkroute.demo.region import DEMO_PASSWORD, DemoAccount, demo_clients

USERNAME = "klant.demo"


def ensure_demo_client_account() -> DemoAccount | None:
    """Create ``klant.demo`` (or link it again after the population was reloaded); ``None`` when the demo
    has no clients to link it to."""
    user = User.objects.filter(username=USERNAME).first()
    if user is not None and not user.is_demo_account:
        raise ValueError(f"Gebruiker {USERNAME!r} bestaat al en is geen demo-account; die blijft ongemoeid.")
    account = ClientAccount.objects.filter(user=user).select_related("client").first() if user else None
    if account is None:
        client = (
            demo_clients()
            .filter(account__isnull=True)
            .filter(Exists(PlanVersion.objects.filter(client=OuterRef("pk"))))
            .filter(
                Exists(
                    Activity.objects.filter(
                        client=OuterRef("pk"), status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE]
                    )
                )
            )
            .order_by("caseworker__username", "last_name", "pk")
            .first()
        )
        if client is None:
            return None
        if user is None:
            user = User.objects.create(
                username=USERNAME,
                first_name=client.first_name,
                last_name=client.last_name,
                is_demo_account=True,
                password=make_password(DEMO_PASSWORD),
            )
        account = client_services.open_client_account(None, client, user)
    return DemoAccount(
        USERNAME, account.client.full_name, "klant (portaal /mijn/)", account.client.municipality.name
    )
