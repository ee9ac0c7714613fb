"""The one place that decides who may see which client data.

Deny by default: a user without a membership that grants access sees nothing. Selectors in every app call
these functions; views never filter clients themselves. Objects outside a user's scope are answered with
404, exactly as if they did not exist, so that ids cannot be probed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from werkroute.accounts.models import Role
from werkroute.regions.models import OrganisationKind

if TYPE_CHECKING:
    from werkroute.accounts.models import User

# Roles that work on case files of the clients of their own municipality.
MUNICIPAL_CASE_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEAD})


def case_municipality_ids(user: User) -> set[int]:
    """Ids of the municipalities whose clients ``user`` may read and change."""
    if not user.is_authenticated or not user.is_active:
        return set()
    memberships = getattr(user, "_case_municipality_ids", None)
    if memberships is None:
        memberships = set(
            user.memberships.filter(
                role__in=MUNICIPAL_CASE_ROLES,
                organisation__kind=OrganisationKind.MUNICIPALITY,
                organisation__municipality__isnull=False,
            ).values_list("organisation__municipality_id", flat=True)
        )
        # Cached on the user object for the request: every selector asks, the answer does not change.
        user._case_municipality_ids = memberships  # type: ignore[attr-defined]
    return memberships


def client_scope(user: User) -> Q:
    """A filter on ``Client`` that keeps only the clients ``user`` may see; matches nothing by default."""
    municipality_ids = case_municipality_ids(user)
    if not municipality_ids:
        return Q(pk__in=[])
    return Q(municipality_id__in=municipality_ids)


def case_worker_filter(municipality_ids: set[int]) -> Q:
    """A filter on ``User``: who may be assigned as caseworker of clients in these municipalities."""
    return Q(
        is_active=True,
        memberships__role__in=MUNICIPAL_CASE_ROLES,
        memberships__organisation__kind=OrganisationKind.MUNICIPALITY,
        memberships__organisation__municipality_id__in=municipality_ids,
    )
