"""Reads for the administration screens, scoped to the regions the administrator administers.

Nothing here reads case content: at most how many clients a caseworker has, to move them elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from werkroute.accounts.models import Membership, Role, User
from werkroute.accounts.policies import administration_region_ids, case_worker_filter
from werkroute.cases.models import Client, TargetGroup
from werkroute.regions.models import Municipality, Organisation, OrganisationKind, Region

if TYPE_CHECKING:
    from werkroute.accounts.models import User as UserType


def regions(actor: UserType) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=administration_region_ids(actor)).order_by("name")


def municipalities(actor: UserType) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region_id__in=administration_region_ids(actor)).order_by("name")


def organisations(actor: UserType, kind: str = "") -> QuerySet[Organisation]:
    found = Organisation.objects.filter(region_id__in=administration_region_ids(actor))
    if kind:
        found = found.filter(kind=kind)
    return (
        found.select_related("region", "municipality").annotate(members=Count("memberships")).order_by("name")
    )


def _get(queryset: QuerySet[Any], pk: Any) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def get_region(actor: UserType, region_id: Any) -> Region:
    """A region ``actor`` administers; 404 for any other, so a region's existence is not confirmed."""
    return _get(regions(actor), region_id)  # type: ignore[no-any-return]


def get_organisation(actor: UserType, organisation_id: Any) -> Organisation:
    return _get(organisations(actor), organisation_id)  # type: ignore[no-any-return]


def users(actor: UserType, query: str = "") -> QuerySet[User]:
    """Users with a role at an organisation of the administered regions, and users without any role yet
    (just created, or whose last role was taken away)."""
    region_ids = administration_region_ids(actor)
    if not region_ids:
        return User.objects.none()
    found = User.objects.filter(
        Q(memberships__organisation__region_id__in=region_ids) | Q(memberships__isnull=True)
    ).distinct()
    if query.strip():
        words = query.strip()[:100]
        found = found.filter(
            Q(username__icontains=words) | Q(first_name__icontains=words) | Q(last_name__icontains=words)
        )
    return found.order_by("last_name", "first_name", "username")


def get_user(actor: UserType, user_id: Any) -> User:
    return _get(users(actor), user_id)  # type: ignore[no-any-return]


def memberships(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation", "organisation__region").order_by(
        "organisation__name", "role"
    )


def client_count(user: User) -> int:
    """How many clients have ``user`` as caseworker: a number only, never who."""
    return Client.objects.filter(caseworker=user).count()


def successors(actor: UserType, user: User) -> QuerySet[User]:
    """Who may take over ``user``'s clients: active team leads of every municipality of those clients."""
    municipality_ids = set(
        Client.objects.filter(caseworker=user).values_list("municipality_id", flat=True).distinct()
    )
    found = User.objects.filter(is_active=True).exclude(pk=user.pk)
    if not municipality_ids:
        return found.none()
    for municipality_id in municipality_ids:
        found = found.filter(
            pk__in=User.objects.filter(case_worker_filter({municipality_id})).values("pk"),
        )
    team_leads = Membership.objects.filter(
        role=Role.TEAM_LEAD,
        organisation__kind=OrganisationKind.MUNICIPALITY,
        organisation__municipality_id__in=municipality_ids,
    ).values("user_id")
    return found.filter(pk__in=team_leads).distinct().order_by("last_name", "first_name")


def target_groups(actor: UserType) -> QuerySet[TargetGroup]:
    """National groups and those of the administered regions."""
    return TargetGroup.objects.filter(
        Q(region__isnull=True) | Q(region_id__in=administration_region_ids(actor))
    ).select_related("region")


def get_target_group(actor: UserType, target_group_id: Any) -> TargetGroup:
    return _get(target_groups(actor), target_group_id)  # type: ignore[no-any-return]
