"""Which client files a user may see or change, as a filter on ``Client``.

The rules are those of ``accounts.policies`` (its docstring lists what each role gets); this module only
turns them into a query, here because it needs the case models, which live above ``accounts``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q

from werkroute.accounts.policies import case_municipality_ids, partner_organisation_ids
from werkroute.cases.models import Consent, ConsentScope

if TYPE_CHECKING:
    from werkroute.accounts.models import User


def _shared_with(organisation_ids: set[int], day: dt.date) -> Q:
    consents = Consent.objects.valid_on(day).filter(
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation_id__in=organisation_ids
    )
    return Q(pk__in=consents.values("client_id"))


def client_scope(user: User, *, change: bool = False, today: dt.date | None = None) -> Q:
    """A filter on ``Client`` that keeps only the clients ``user`` may see (or, with ``change``, change).

    Matches nothing by default.
    """
    scope = Q(pk__in=[])
    municipality_ids = case_municipality_ids(user)
    if municipality_ids:
        scope |= Q(municipality_id__in=municipality_ids)
    if not change:
        organisation_ids = partner_organisation_ids(user)
        if organisation_ids:
            scope |= _shared_with(organisation_ids, today or dt.date.today())
    return scope
