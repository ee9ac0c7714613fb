"""Every read of the portal: the client's own file and nothing else, found through the account of the
request (``cases.scope.own_file``) at the moment of the read, and audited per page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.events import Kind
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    Client,
    ClientAccount,
    Consent,
    Message,
    PlanGoal,
    PlanVersion,
    TimelineEvent,
)
from werkroute.cases.scope import client_scope, own_file
from werkroute.placements.events import Kind as ReferralKind
from werkroute.placements.models import Referral, ReferralStatus

if TYPE_CHECKING:
    from werkroute.accounts.models import User

# Why the portal reads a file, as the audit log records it.
OWN_FILE_PURPOSE = "inzage door de klant zelf (portaal)"
PREVIEW_PURPOSE = "voorbeeld van het klantportaal (klantmanager)"

# What the client is told changed since their last visit: the caseworker's steps they should know of.
CHANGES_SHOWN = (
    Kind.PLAN_VERSION_CREATED,
    Kind.ACTIVITY_PLANNED,
    Kind.ACTIVITY_STATUS_CHANGED,
    Kind.MESSAGE_TO_CLIENT,
    ReferralKind.REFERRAL_PROPOSED,
)
UPCOMING_SHOWN = 3


FIRST_OF_SESSION = object()


def own_account(user: User, page: str, *, counts_since: Any = None) -> ClientAccount:
    """The account of ``user`` with its client, or 404; the read of ``page`` is audited.

    With ``counts_since`` (the start page) the same query counts unread messages, open proposals and the
    changes since then (:data:`FIRST_OF_SESSION`: since the visit before this one, still on the account),
    as ``unread``, ``open_proposals`` and ``changes``."""
    accounts = ClientAccount.objects.filter(user=user, client__in=Client.objects.filter(own_file(user)))
    if counts_since is not None:
        events = TimelineEvent.objects.filter(client=OuterRef("client"), kind__in=CHANGES_SHOWN)
        changes: Any = Value(0)  # no previous visit: nothing is new to them
        if counts_since is FIRST_OF_SESSION:
            changes = _count(events.filter(recorded_at__gt=OuterRef("last_visit_at")))
        elif counts_since:
            changes = _count(events.filter(recorded_at__gt=counts_since))
        accounts = accounts.annotate(
            unread=_count(
                Message.objects.filter(client=OuterRef("client"), from_client=False, read_at__isnull=True)
            ),
            open_proposals=_count(
                Referral.objects.filter(client=OuterRef("client"), status=ReferralStatus.PROPOSED)
            ),
            changes=changes,
        )
    account = accounts.select_related("client", "client__caseworker").first()
    if account is not None:
        audit.identify_client_account(user)
    if account is None:
        audit.record(AuditAction.REFUSED, actor=user, object_type="portal", object_id=page)
        raise Http404
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="portal",
        object_id=page,
        client_id=account.client_id,
        purpose=OWN_FILE_PURPOSE,
    )
    return account


def _count(queryset: Any) -> Any:
    return Coalesce(
        Subquery(queryset.order_by().values("client").annotate(number=Count("pk")).values("number")[:1]),
        0,
    )


def previewed_client(user: User, client_id: Any) -> Client:
    """The caseworker's preview of a client's portal: a client they may change, or 404; audited."""
    try:
        client = (
            Client.objects.filter(client_scope(user, change=True))
            .select_related("caseworker")
            .get(pk=client_id)
        )
    except (Client.DoesNotExist, ValidationError, ValueError, TypeError):
        audit.record(
            AuditAction.REFUSED, actor=user, object_type="portal_preview", object_id=str(client_id)[:64]
        )
        raise Http404 from None
    audit.record(
        AuditAction.VIEW,
        actor=user,
        object_type="portal_preview",
        object_id=client.pk,
        client_id=client.pk,
        purpose=PREVIEW_PURPOSE,
    )
    return client


def current_plan(client: Client) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(client=client)
        .prefetch_related(Prefetch("goals", queryset=PlanGoal.objects.order_by("position")))
        .order_by("-number")
        .first()
    )


def changes_since(client: Client, since: dt.datetime | None) -> list[TimelineEvent]:
    """The caseworker's steps since the client's previous visit (none on the first visit)."""
    if since is None:
        return []
    return list(
        TimelineEvent.objects.filter(client=client, kind__in=CHANGES_SHOWN, recorded_at__gt=since).order_by(
            "-recorded_at"
        )[:20]
    )


def activities(client: Client) -> list[Activity]:
    """Planned and running activities first (soonest first), then the finished ones."""
    return list(
        Activity.objects.filter(client=client).select_related("provider").order_by("status", "start_date")
    )


def open_activities(client: Client) -> list[Activity]:
    return list(
        Activity.objects.filter(client=client, status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE])
        .select_related("provider")
        .order_by("start_date", "pk")
    )


def get_open_activity(client: Client, activity_id: int | None) -> Activity | None:
    if activity_id is None:
        return None
    return (
        Activity.objects.filter(
            client=client, pk=activity_id, status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE]
        )
        .select_related("provider")
        .first()
    )


def proposals(client: Client) -> list[Referral]:
    return list(
        Referral.objects.filter(client=client)
        .select_related("placement", "placement__employer", "placement__occupation")
        .order_by("-proposed_on", "-pk")
    )


def get_proposal(client: Client, referral_id: int | None) -> Referral | None:
    if referral_id is None:
        return None
    return Referral.objects.filter(client=client, pk=referral_id, status=ReferralStatus.PROPOSED).first()


def consents(client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client).select_related("organisation"))


def get_consent(client: Client, consent_id: int | None) -> Consent | None:
    if consent_id is None:
        return None
    return Consent.objects.filter(client=client, pk=consent_id, withdrawn_on__isnull=True).first()


def thread(client: Client) -> list[Message]:
    return list(Message.objects.filter(client=client).select_related("activity").order_by("sent_at", "pk"))


@dataclass(frozen=True)
class StartPage:
    upcoming: list[Activity]
    unread: int
    open_proposals: int
    changes: int


def upcoming_activities(client: Client, today: dt.date | None = None) -> list[Activity]:
    today = today or dt.date.today()
    return list(
        Activity.objects.filter(client=client, status__in=[ActivityStatus.PLANNED, ActivityStatus.ACTIVE])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("provider")
        .order_by("start_date", "pk")[:UPCOMING_SHOWN]
    )


def start_page(account: ClientAccount) -> StartPage:
    """What the start page shows, for an account read with ``counts_since``: one query more (the next
    activities), whatever the size of the file."""
    return StartPage(
        upcoming=upcoming_activities(account.client),
        unread=account.unread,  # type: ignore[attr-defined]
        open_proposals=account.open_proposals,  # type: ignore[attr-defined]
        changes=account.changes,  # type: ignore[attr-defined]
    )


def preview_start_page(client: Client) -> StartPage:
    """The start page as the client would see it, for the caseworker's preview."""
    return StartPage(
        upcoming=upcoming_activities(client),
        unread=Message.objects.filter(client=client, from_client=False, read_at__isnull=True).count(),
        open_proposals=Referral.objects.filter(client=client, status=ReferralStatus.PROPOSED).count(),
        changes=0,
    )
