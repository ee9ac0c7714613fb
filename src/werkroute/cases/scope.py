"""Which client files a user may see or change, as a filter on ``Client``.

The rules are those of ``accounts.policies`` (its docstring lists what each role gets); this module only
turns them into a query, here because it needs the case models, which live above ``accounts``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery

from werkroute.accounts.policies import case_municipality_ids, partner_organisation_ids
from werkroute.cases.models import Consent, ConsentScope, Handover, HandoverStatus

if TYPE_CHECKING:
    from werkroute.accounts.models import User


def _shared_with(organisation_ids: set[int], day: dt.date) -> Q:
    # ``in_force``: a consent given to the municipality the client left opens nothing (read per request).
    consents = Consent.objects.in_force(day).filter(
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation_id__in=organisation_ids
    )
    return Q(pk__in=consents.values("client_id"))


def _handed_over_to(municipality_ids: set[int]) -> QuerySet[Handover]:
    """Handovers sent to these municipalities and not yet accepted: the receiving side reads the file
    to decide on it. Read at the moment of the request, so acceptance or a later move ends it at once."""
    return Handover.objects.filter(status=HandoverStatus.SENT, to_municipality_id__in=municipality_ids)


def handover_to() -> Subquery:
    """For an annotation ``handover_to_id`` on ``Client``: the municipality a sent handover waits in
    (see ``accounts.policies.client_access``)."""
    return Subquery(
        Handover.objects.filter(client=OuterRef("pk"), status=HandoverStatus.SENT).values(
            "to_municipality_id"
        )[:1]
    )


def client_scope(user: User, *, change: bool = False, today: dt.date | None = None) -> Q:
    """A filter on ``Client`` that keeps only the clients ``user`` may see (or, with ``change``, change).

    Matches nothing by default.
    """
    scope = Q(pk__in=[])
    for part in client_scope_parts(user, change=change, today=today):
        scope |= part
    return scope


def client_scope_parts(user: User, *, change: bool = False, today: dt.date | None = None) -> list[Q]:
    """The filters whose union is :func:`client_scope` (none for a user without a case role).

    Apart, each can follow an index in a stable order: a page of a long list read through their OR
    makes the database read and sort every client of the municipality instead.
    """
    parts = []
    municipality_ids = case_municipality_ids(user)
    if municipality_ids:
        parts.append(Q(municipality_id__in=municipality_ids))
    if municipality_ids and not change:
        parts.append(Q(pk__in=_handed_over_to(municipality_ids).values("client_id")))
    if not change:
        organisation_ids = partner_organisation_ids(user)
        if organisation_ids:
            parts.append(_shared_with(organisation_ids, today or dt.date.today()))
    return parts


def own_file(user: User) -> Q:
    """A filter on ``Client`` for a client's own account: their one file, nothing else; nothing for
    anyone else (see ``accounts.policies.is_client``)."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    return Q(account__user=user)
