"""Reads of placements, always scoped through ``accounts.policies``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from werkroute.accounts.policies import placement_employer_scope, placement_scope
from werkroute.placements.models import Placement, PlacementStatus
from werkroute.regions.models import Organisation

if TYPE_CHECKING:
    from werkroute.accounts.models import User


def visible_placements(user: User) -> QuerySet[Placement]:
    """Every placement ``user`` may see; nothing for a user without a role on the market."""
    return Placement.objects.filter(placement_scope(user)).select_related(
        "employer", "occupation", "postcode", "postcode__municipality"
    )


def placement_list(user: User, status: str = "") -> QuerySet[Placement]:
    placements = visible_placements(user)
    if status:
        placements = placements.filter(status=status)
    return placements.order_by("status", "title", "pk")


def open_placements_in_region(user: User, region_id: int) -> QuerySet[Placement]:
    """Open placements with free capacity in one region, as far as ``user`` may see them."""
    return (
        visible_placements(user)
        .filter(status=PlacementStatus.OPEN, capacity__gt=0, employer__region_id=region_id)
        .prefetch_related("required_skills", "desirable_skills")
    )


def get_placement(user: User, placement_id: Any) -> Placement:
    """The placement if ``user`` may see it; 404 otherwise (also for a malformed id)."""
    try:
        return visible_placements(user).get(pk=placement_id)
    except (Placement.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def manageable_employers(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(placement_employer_scope(user)).order_by("name")


def may_manage(user: User, placement: Placement) -> bool:
    return manageable_employers(user).filter(pk=placement.employer_id).exists()
