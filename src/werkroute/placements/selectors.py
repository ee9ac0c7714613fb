"""Reads of placements, always scoped through ``accounts.policies``."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from werkroute.accounts.policies import employer_ids as policy_employer_ids
from werkroute.accounts.policies import (
    employer_service_region_ids,
    may_list_candidates,
    placement_employer_scope,
    placement_scope,
)
from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.models import Client, Consent, ConsentScope
from werkroute.cases.scope import client_scope
from werkroute.cases.selectors import WorkProfile, in_paid_work, work_profiles
from werkroute.core.http import parse_id
from werkroute.matching import (
    assign_greedy,
    assign_optimal,
    equity_report,
    explain,
    top_clients,
    top_placements,
    total_score,
)
from werkroute.matching.equity import GroupFigures
from werkroute.matching.national import national_candidates
from werkroute.matching.recommend import Counterfactual, Explanation, counterfactual
from werkroute.matching.weights import WITHIN_REACH_SCORE
from werkroute.placements.models import Placement, PlacementStatus, Referral, ReferralStatus
from werkroute.placements.workflow import OPEN
from werkroute.regions.models import Organisation, Region

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
    """The placement if ``user`` may see it; 404 otherwise (also for a malformed or out-of-range id)."""
    pk = parse_id(placement_id)
    placement = visible_placements(user).filter(pk=pk).first() if pk is not None else None
    if placement is None:
        raise Http404
    return placement


def manageable_employers(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(placement_employer_scope(user)).order_by("name")


def may_manage(user: User, placement: Placement) -> bool:
    return manageable_employers(user).filter(pk=placement.employer_id).exists()


# --- Matching ------------------------------------------------------------------------------------------

MATCHING_PURPOSE = "matching van klanten en plaatsen"
# Candidates per client in the national batch, as in the matching benchmark's national market.
NATIONAL_CANDIDATES = 50
TOP_K = 10
# Referrals in these states hold one of the placement's places.
HOLDING_A_PLACE = [
    ReferralStatus.PROPOSED,
    ReferralStatus.CONSENTED,
    ReferralStatus.SENT,
    ReferralStatus.INTERVIEW,
    ReferralStatus.ACCEPTED,
    ReferralStatus.STARTED,
    ReferralStatus.IN_WORK_3_MONTHS,
    ReferralStatus.IN_WORK_6_MONTHS,
]


def with_open_capacity(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    taken = Count("referrals", filter=Q(referrals__status__in=HOLDING_A_PLACE))
    return placements.annotate(open_capacity=F("capacity") - taken)


def pseudonym(client: Client) -> str:
    """A stable label that does not identify the client to someone who may not see the file."""
    digest = hmac.new(settings.SECRET_KEY.encode(), str(client.pk).encode(), hashlib.sha256).hexdigest()
    return f"K-{digest[:6].upper()}"


def _consented_client_ids(client_ids: list[Any], day: dt.date) -> set[Any]:
    return set(
        Consent.objects.valid_on(day)
        .filter(client_id__in=client_ids, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS)
        .values_list("client_id", flat=True)
    )


def _region_clients(region_ids: list[int], day: dt.date) -> QuerySet[Client]:
    """The candidate pool of regions: clients with an intake who are not in paid work on ``day``. (A
    caseworker may still propose a working client by hand; the referral is marked.)"""
    from werkroute.placements.matching_adapter import client_queryset

    return (
        client_queryset()
        .filter(municipality__region_id__in=region_ids, intake__isnull=False)
        .exclude(in_paid_work(day))
        .order_by("pk")
    )


@dataclass(frozen=True)
class Recommendation:
    placement: Placement
    explanation: Explanation


@dataclass(frozen=True)
class Recommendations:
    items: list[Recommendation]
    counterfactual: Counterfactual | None
    max_travel_minutes: float
    open_referral_placements: set[int]
    in_paid_work: bool  # left out of candidate lists and the batch; may still be proposed by hand


def recommended_placements(user: User, client: Client, today: dt.date | None = None) -> Recommendations:
    """The best open placements in the client's region for ``client`` (who comes from a scoped selector)."""
    from werkroute.placements.matching_adapter import build_market, client_queryset, placement_queryset

    region_id = client.municipality.region_id
    placements = list(placement_queryset(with_open_capacity(open_placements_in_region(user, region_id))))
    market = build_market(client_queryset([client]), placements, today=today)
    top = top_placements(market, 0, TOP_K)
    return Recommendations(
        items=[
            Recommendation(placements[j], explain(market, 0, int(j), with_counterfactual=False))
            for j in top.indices
        ],
        counterfactual=counterfactual(market, 0),
        max_travel_minutes=float(market.client_max_travel[0]),
        open_referral_placements=set(
            Referral.objects.filter(client=client, status__in=OPEN).values_list("placement_id", flat=True)
        ),
        in_paid_work=Client.objects.filter(in_paid_work(today or dt.date.today()), pk=client.pk).exists(),
    )


def recommended_candidates(
    user: User, placement: Placement, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The best clients of the region for ``placement``: by name only for the caseworkers of the client's
    own municipality, by pseudonym for everyone else (caseworkers of other municipalities, the service
    point), whatever the client consented to: a consent lets a referral's work profile reach the employer,
    not a name and a score into a list. Employers get no list: they see only the candidates referred to
    them, through :func:`referrals_for_employer`."""
    from werkroute.placements.matching_adapter import (
        build_market,
        placement_profiles,
        placement_queryset,
        read_clients,
    )

    if not may_list_candidates(user):
        return []
    day = today or dt.date.today()
    offer = list(placement_queryset(with_open_capacity(Placement.objects.filter(pk=placement.pk))))
    # Skills and work history only of the clients who can reach the placement at all.
    rows = read_clients(
        _region_clients([placement.employer.region_id], day),
        within_reach_of=placement_profiles(offer)[0],
        today=day,
    )
    market = build_market(rows, offer, today=day)
    top = top_clients(market, 0, TOP_K)
    everyone = rows.keys
    keys = [everyone[int(i)] for i in top.indices]
    people = Client.objects.in_bulk(keys)
    own = set(
        Client.objects.filter(client_scope(user, change=True), pk__in=keys).values_list("pk", flat=True)
    )
    consented = _consented_client_ids(keys, day)
    result = []
    for key, index, score in zip(keys, top.indices, top.scores, strict=True):
        client = people.get(key)
        if client is None:  # removed since the market was read
            continue
        named = client.pk in own
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="candidate",
            object_id=placement.pk,
            client_id=client.pk,
            purpose=MATCHING_PURPOSE,
        )
        explanation = explain(market, int(index), 0, with_counterfactual=False)
        result.append(
            {
                "label": client.full_name if named else pseudonym(client),
                "named": named,
                "consented": client.pk in consented,
                "score": round(float(score) * 100),
                "explanation": explanation,
            }
        )
    return result


def client_referrals(user: User, client: Client) -> QuerySet[Referral]:
    return Referral.objects.filter(client=client).select_related("placement", "placement__employer")


def get_client_referral(user: User, client: Client, referral_id: Any) -> Referral:
    pk = parse_id(referral_id)
    referral = client_referrals(user, client).filter(pk=pk).first() if pk is not None else None
    if referral is None:
        raise Http404
    return referral


def batch_region_ids(user: User) -> set[int]:
    return employer_service_region_ids(user)


def employer_ids(user: User) -> set[int]:
    """The employers ``user`` works for (role employer)."""
    return policy_employer_ids(user)


@dataclass(frozen=True)
class Batch:
    region: Any  # the region of a regional batch; None for the national one
    regions: list[Any]  # regional: every region the user's service points serve; national: all taking part
    proposals: list[dict[str, Any]]  # the pairs the user may turn into referrals
    optimal_total: float
    greedy_total: float
    greedy_placed: int
    clients: int
    open_places: int
    equity: dict[str, list[GroupFigures]]
    placed: int = 0  # proposals in the whole batch, those of other regions' placements included
    # National: per region taking part, how many of the batch's proposals are for its placements.
    by_region: list[tuple[Any, int]] = field(default_factory=list)


def region_batch(user: User, region_code: str | None = None, today: dt.date | None = None) -> Batch:
    """An optimal set of referrals for the open capacity of one region the user's service point serves
    (``region_code``; the first by name when left out), with equity figures. 404 for any other region.

    Pseudonymised: the service point proposes, the caseworkers decide with their clients.
    """
    from werkroute.placements.matching_adapter import placement_queryset

    day = today or dt.date.today()
    regions = list(Region.objects.filter(pk__in=batch_region_ids(user)).order_by("name"))
    region = next((item for item in regions if item.code == region_code), None) if region_code else regions[0]
    if region is None:
        raise Http404
    placements = list(placement_queryset(with_open_capacity(open_placements_in_region(user, region.pk))))
    return _batch(user, [region.pk], placements, day, region=region, regions=regions)


def national_region_ids(user: User) -> set[int]:
    """The regions of ``user``'s employer service points that take part in the national market."""
    own = batch_region_ids(user)
    return set(Region.objects.filter(pk__in=own, national_market=True).values_list("pk", flat=True))


def national_batch(user: User, today: dt.date | None = None) -> Batch:
    """One optimal set of referrals for all regions that take part in the national market: their clients
    and their open placements in one market, solved at once, so that a client near a region's border or
    a placement without candidates at home is no longer left out. Only for a service point whose region
    takes part (403 otherwise, in the view).

    Every taking part service point sees the same batch and its equity figures, but may turn into
    referrals only the proposals for its own region's placements; of the others it sees how many there
    are per region, not which. The other regions' placements are read here, for the market, and are not
    shown: their pages stay with their own service points (``accounts.policies.placement_scope``).
    """
    from werkroute.placements.matching_adapter import placement_queryset

    if not national_region_ids(user):
        raise Http404
    day = today or dt.date.today()
    regions = list(Region.objects.filter(national_market=True).order_by("name"))
    region_ids = [region.pk for region in regions]
    placements = list(
        placement_queryset(
            with_open_capacity(
                Placement.objects.filter(
                    status=PlacementStatus.OPEN, capacity__gt=0, employer__region_id__in=region_ids
                )
            ).order_by("pk")
        )
    )
    return _batch(user, region_ids, placements, day, region=None, regions=regions)


def _batch(
    user: User,
    region_ids: list[int],
    placements: list[Placement],
    day: dt.date,
    *,
    region: Region | None,
    regions: list[Region],
) -> Batch:
    """The batch of the clients of ``region_ids`` for ``placements``: the regional one scores every pair
    within travel time, the national one each client's best candidates found through the engine's
    occupation and spatial indexes (``matching.national``). Proposals are made, and audited, only for
    the placements of the user's own regions."""
    from werkroute.placements.matching_adapter import build_market, read_clients

    rows = read_clients(_region_clients(region_ids, day), equity_on=day)
    market = build_market(rows, placements, today=day)
    if region is None:
        scores = national_candidates(market, per_client=NATIONAL_CANDIDATES, min_score=WITHIN_REACH_SCORE)
    else:
        scores = market.score_matrix(min_score=WITHIN_REACH_SCORE)
    optimal = assign_optimal(scores, market.capacity, min_score=WITHIN_REACH_SCORE)
    greedy = assign_greedy(scores, market.capacity, min_score=WITHIN_REACH_SCORE)
    assigned = np.zeros(market.n_clients)
    placed = np.flatnonzero(optimal >= 0)
    assigned[placed] = np.asarray(scores[placed, optimal[placed]]).ravel()
    own = batch_region_ids(user)
    ours = [int(i) for i in placed if placements[int(optimal[i])].employer.region_id in own]
    # Client objects only for the proposals: the referrals are made for them.
    keys = rows.keys
    people = Client.objects.in_bulk([keys[i] for i in ours])
    proposals = []
    for i in ours:
        client = people.get(keys[i])
        if client is None:  # removed since the market was read
            continue
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="batch" if region is not None else "national_batch",
            object_id=region.pk if region is not None else "",
            client_id=client.pk,
            purpose=MATCHING_PURPOSE,
        )
        proposals.append(
            {
                "label": pseudonym(client),
                "client": client,  # for creating the referral; pages show only the label
                "placement": placements[int(optimal[i])],
                "score": round(assigned[i] * 100),
            }
        )
    per_region = Counter(placements[int(optimal[i])].employer.region_id for i in placed)
    return Batch(
        region=region,
        regions=regions,
        proposals=sorted(proposals, key=lambda p: (p["placement"].title, -p["score"])),
        optimal_total=total_score(scores, optimal),
        greedy_total=total_score(scores, greedy),
        greedy_placed=int((greedy >= 0).sum()),
        clients=market.n_clients,
        open_places=int(market.capacity.sum()),
        equity=equity_report(optimal, assigned, rows.equity),
        placed=len(placed),
        by_region=[(item, per_region.get(item.pk, 0)) for item in regions] if region is None else [],
    )


# Referrals an employer sees: from the moment they were sent (with the client's consent) on.
SENT_OR_LATER = [
    ReferralStatus.SENT,
    ReferralStatus.INTERVIEW,
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.STARTED,
    ReferralStatus.IN_WORK_3_MONTHS,
    ReferralStatus.IN_WORK_6_MONTHS,
    ReferralStatus.ENDED,
]
EMPLOYER_PURPOSE = "voordracht aan werkgever"


def shared_with_employer(day: dt.date) -> Q:
    """A filter on ``Referral``: the referrals whose work profile may reach the employer on ``day`` — the
    client's consent to share it with employers holds that day, or the referral was sent on an audited
    override (no consent, a reason). The one rule for every employer-side read and step: it is applied at
    the moment of the read, so a consent withdrawn or expired after sending ends the employer's view."""
    consent = Consent.objects.valid_on(day).filter(
        client_id=OuterRef("client_id"), scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS
    )
    return Q(Exists(consent)) | (Q(consent__isnull=True) & ~Q(consent_override_reason=""))


@dataclass(frozen=True)
class EmployerReferrals:
    rows: list[tuple[Referral, WorkProfile]]
    # Sent earlier but no longer shared (consent withdrawn or expired): counted, never shown.
    no_longer_shared: int


def referrals_for_employer(
    user: User, placement: Placement, today: dt.date | None = None
) -> EmployerReferrals:
    """The candidates sent to ``placement`` whose consent holds now, each with their work profile only;
    for those who manage the placement (the employer, its service point). Each profile shown is audited."""
    if not may_manage(user, placement):
        raise Http404
    sent = Referral.objects.filter(placement=placement, status__in=SENT_OR_LATER)
    shared = shared_with_employer(today or dt.date.today())
    referrals = list(sent.filter(shared).select_related("client").order_by("sent_on", "pk"))
    profiles = work_profiles([referral.client for referral in referrals])
    rows = []
    for referral in referrals:
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type="work_profile",
            object_id=referral.pk,
            client_id=referral.client_id,
            purpose=EMPLOYER_PURPOSE,
        )
        rows.append((referral, profiles[referral.client_id]))
    ever_sent = Referral.objects.filter(placement=placement, sent_on__isnull=False).count()
    return EmployerReferrals(rows=rows, no_longer_shared=ever_sent - len(rows))


def get_employer_referral(
    user: User, placement: Placement, referral_id: Any, today: dt.date | None = None
) -> Referral:
    """A referral of ``placement`` as the employer side may act on it: sent, and shared today."""
    if not may_manage(user, placement):
        raise Http404
    pk = parse_id(referral_id)
    referral = (
        Referral.objects.filter(shared_with_employer(today or dt.date.today()))
        .filter(placement=placement, status__in=SENT_OR_LATER, pk=pk)
        .first()
        if pk is not None
        else None
    )
    if referral is None:
        raise Http404
    return referral


# --- Start pages of the market's roles ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralCounts:
    """Referrals of one placement by the step they wait for; numbers only, no candidate."""

    placement: Placement
    awaiting_consent: int
    awaiting_interview: int
    awaiting_decision: int
    accepted: int
    started: int

    @property
    def to_do(self) -> int:
        return self.awaiting_interview + self.awaiting_decision


def _referral_counts(placements: QuerySet[Placement]) -> list[ReferralCounts]:
    def count(*statuses: str) -> Count:
        return Count("referrals", filter=Q(referrals__status__in=statuses))

    annotated = with_open_capacity(placements).annotate(
        awaiting_consent=count(ReferralStatus.PROPOSED, ReferralStatus.CONSENTED),
        awaiting_interview=count(ReferralStatus.SENT),
        awaiting_decision=count(ReferralStatus.INTERVIEW),
        accepted=count(ReferralStatus.ACCEPTED),
        started=count(
            ReferralStatus.STARTED, ReferralStatus.IN_WORK_3_MONTHS, ReferralStatus.IN_WORK_6_MONTHS
        ),
    )
    return [
        ReferralCounts(
            placement=placement,
            awaiting_consent=placement.awaiting_consent,  # type: ignore[attr-defined]
            awaiting_interview=placement.awaiting_interview,  # type: ignore[attr-defined]
            awaiting_decision=placement.awaiting_decision,  # type: ignore[attr-defined]
            accepted=placement.accepted,  # type: ignore[attr-defined]
            started=placement.started,  # type: ignore[attr-defined]
        )
        for placement in annotated
    ]


def service_point_overview(user: User) -> list[ReferralCounts]:
    """For the employer service point's start page: the open placements of its region with their
    referrals by step (no candidates named: those are pseudonymised until the client consents)."""
    if not batch_region_ids(user):
        raise Http404
    placements = visible_placements(user).filter(
        status=PlacementStatus.OPEN, employer__region_id__in=batch_region_ids(user)
    )
    return _referral_counts(placements.order_by("employer__name", "title", "pk"))


def employer_overview(user: User) -> list[ReferralCounts]:
    """For an employer's start page: its own placements, each with what waits for the employer."""
    own = Placement.objects.filter(placement_scope(user)).filter(employer_id__in=policy_employer_ids(user))
    return _referral_counts(
        own.select_related("employer", "occupation", "postcode").order_by("status", "title", "pk")
    )
