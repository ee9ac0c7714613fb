"""Reads of the knowledge base. The catalogue and its measured outcomes are aggregates, open to every
staff role (``accounts.policies.may_read_knowledge``) and not a read of anyone's file; the suggestions
for one client read that client only through the case file's own scoped selectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from werkroute.accounts.policies import may_read_knowledge
from werkroute.cases import selectors as cases
from werkroute.cases.models import Activity, ActivityStatus, LearningRoute, LimitingCircumstance
from werkroute.core.values import CEFRLevel
from werkroute.knowledge.models import EvidenceLevel, Intervention, InterventionOutcome, InterventionVersion

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.cases.models import Client

EVIDENCE_ORDER = list(EvidenceLevel.values)
LEVELS = list(CEFRLevel.values)
MAX_SUGGESTIONS = 8


def _require_reader(user: User) -> None:
    if not may_read_knowledge(user):
        raise PermissionDenied


@dataclass(frozen=True)
class CatalogueFilters:
    query: str = ""
    target_group: str = ""
    activity_type: str = ""
    learning_route: str = ""
    evidence_level: str = ""
    region_code: str = ""
    measured_only: bool = False


def catalogue(user: User, filters: CatalogueFilters) -> list[Intervention]:
    """The interventions matching ``filters``, by name. The text search looks in name, description,
    target group, aims and providers; list fields are filtered here, the catalogue being small."""
    _require_reader(user)
    interventions = Intervention.objects.select_related("outcome").prefetch_related("regions")
    for word in filters.query.split()[:8]:
        interventions = interventions.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(target_group__icontains=word)
            | Q(aims__icontains=word)
            | Q(providers__icontains=word)
        )
    if filters.evidence_level:
        interventions = interventions.filter(evidence_level=filters.evidence_level)
    if filters.region_code:
        interventions = interventions.filter(regions__code=filters.region_code)
    if filters.measured_only:
        interventions = interventions.filter(outcome__measured=True)
    result = []
    for intervention in interventions.distinct():
        if filters.target_group and filters.target_group not in intervention.target_groups:
            continue
        if filters.activity_type and filters.activity_type not in intervention.activity_types:
            continue
        if filters.learning_route and filters.learning_route not in intervention.learning_routes:
            continue
        result.append(intervention)
    return result


def get_intervention(user: User, intervention_id: Any) -> Intervention:
    _require_reader(user)
    intervention = (
        # The stored outcome comes along in the same query: the page shows it beside the text.
        Intervention.objects.select_related("updated_by", "outcome")
        .prefetch_related("regions")
        .filter(pk=intervention_id)
        .first()
    )
    if intervention is None:
        raise Http404
    return intervention


def versions(user: User, intervention: Intervention) -> list[InterventionVersion]:
    _require_reader(user)
    return list(intervention.versions.select_related("saved_by").order_by("-number"))


def outcome_of(user: User, intervention: Intervention) -> InterventionOutcome | None:
    """The stored measurement, or ``None`` before the first one (read with the intervention by
    :func:`get_intervention`)."""
    _require_reader(user)
    try:
        return intervention.outcome
    except InterventionOutcome.DoesNotExist:
        return None


def linkable_interventions(user: User) -> Any:
    _require_reader(user)
    return Intervention.objects.order_by("name")


@dataclass
class Suggestion:
    intervention: Intervention
    reasons: list[str] = field(default_factory=list)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def suggestions(user: User, client: Client) -> list[Suggestion]:
    """Interventions that fit ``client``'s intake — learning route, Dutch level, limiting circumstances,
    wished sectors — each with the reasons why. ``client`` comes from ``cases.selectors.get_client``.
    An intervention meant for another route, target group or Dutch level is left out; the rest are
    ranked by the number of reasons, then by evidence level."""
    _require_reader(user)
    intake = cases.get_intake(user, client)
    plan = cases.current_plan(user, client)
    route = plan.learning_route if plan else (intake.learning_route_advice if intake else "")
    dutch = ""
    if intake:
        known = [level for level in intake.dutch_levels.values() if level in LEVELS]
        dutch = min(known, key=LEVELS.index) if known else ""
    circumstances = set(intake.limiting_circumstances if intake else [])
    sectors = {sector.lower() for sector in (intake.wished_sectors if intake else [])}
    target_group = client.target_group.code

    found = []
    for intervention in Intervention.objects.select_related("outcome").order_by("name"):
        if intervention.target_groups and target_group not in intervention.target_groups:
            continue
        reasons = []
        if intervention.learning_routes:
            if not route or route not in intervention.learning_routes:
                continue
            reasons.append(_("past bij de leerroute: %(route)s") % {"route": _label(LearningRoute, route)})
        if intervention.dutch_from or intervention.dutch_to:
            low = LEVELS.index(intervention.dutch_from) if intervention.dutch_from else 0
            high = LEVELS.index(intervention.dutch_to) if intervention.dutch_to else len(LEVELS) - 1
            if not dutch or not low <= LEVELS.index(dutch) <= high:
                continue
            reasons.append(
                _("past bij het niveau Nederlands: %(level)s (bedoeld voor %(low)s–%(high)s)")
                % {"level": dutch, "low": LEVELS[low], "high": LEVELS[high]}
            )
        shared = [value for value in intervention.circumstances if value in circumstances]
        if shared:
            reasons.append(
                _("houdt rekening met: %(circumstances)s")
                % {"circumstances": ", ".join(_label(LimitingCircumstance, value) for value in shared)}
            )
        wished = [sector for sector in intervention.sectors if sector.lower() in sectors]
        if wished:
            reasons.append(_("sluit aan bij de wens: %(sectors)s") % {"sectors": ", ".join(wished)})
        if reasons:
            found.append(Suggestion(intervention, reasons))
    found.sort(
        key=lambda suggestion: (
            -len(suggestion.reasons),
            -EVIDENCE_ORDER.index(suggestion.intervention.evidence_level),
            suggestion.intervention.name,
        )
    )
    return found[:MAX_SUGGESTIONS]


def linkable_activities(user: User, client: Client) -> list[tuple[Activity, Intervention | None]]:
    """The client's activities that can carry out an intervention, with the one they carry out now.
    ``client`` comes from ``cases.selectors.get_client``."""
    _require_reader(user)
    activities = list(
        client.activities.exclude(status=ActivityStatus.CANCELLED)
        .select_related("intervention_link__intervention")
        .order_by("-start_date")
    )
    return [
        (activity, getattr(getattr(activity, "intervention_link", None), "intervention", None))
        for activity in activities
    ]


def linked_intervention(user: User, activity: Activity) -> Intervention | None:
    """The intervention ``activity`` carries out; ``activity`` comes from ``cases.selectors.get_activity``."""
    _require_reader(user)
    return Intervention.objects.filter(activity_links__activity=activity).first()
