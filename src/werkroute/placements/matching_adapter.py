"""From database rows to the engine's dataclasses. The only module of ``matching`` that knows Django.

Only what a match may depend on is read: work experience, wishes, skills, Dutch levels, where someone
lives (postcode area, else the municipality's centroid), travel time, hours, availability and driving
licence. Protected attributes stay in the database; ``equity_labels`` reads some of them for the
equity report only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch

from werkroute.cases.models import Client, Intake
from werkroute.core.values import CEFRLevel
from werkroute.matching import weights
from werkroute.matching.equity import age_band
from werkroute.matching.errors import MatchingInputError
from werkroute.matching.inputs import ClientProfile, Occupation, PlacementProfile, Taxonomy
from werkroute.matching.market import Market
from werkroute.placements.models import Placement
from werkroute.regions.models import PostcodeArea
from werkroute.taxonomy.models import Occupation as OccupationRow
from werkroute.taxonomy.models import OccupationSkill, SkillRelation


def _levels(values: Sequence[str]) -> tuple[int, int, int, int]:
    return tuple(CEFRLevel.rank(value or "A0") for value in values)  # type: ignore[return-value]


def _pc4(postcode: str) -> str:
    digits = "".join(ch for ch in postcode if ch.isdigit())
    return digits[:4]


def client_queryset(clients: Iterable[Client] | None = None):  # type: ignore[no-untyped-def]
    """Clients with everything the adapter reads, in a fixed number of queries."""
    queryset = (
        Client.objects.all() if clients is None else Client.objects.filter(pk__in=[c.pk for c in clients])
    )
    return queryset.select_related("municipality__region", "intake").prefetch_related(
        "intake__skills",
        "intake__wished_occupations",
        "intake__work_experience",
    )


def client_profiles(clients: Sequence[Client]) -> list[ClientProfile]:
    """One profile per client; a client without a brede intake or without any location is refused."""
    areas = {
        area.pc4: area
        for area in PostcodeArea.objects.filter(
            pk__in={_pc4(client.postcode) for client in clients if client.postcode}
        )
    }
    profiles = []
    for client in clients:
        try:
            intake: Intake = client.intake
        except Intake.DoesNotExist:
            raise MatchingInputError(
                f"Klant {client.pk} heeft nog geen brede intake; zonder intake is er niets om op te matchen."
            ) from None
        area = areas.get(_pc4(client.postcode))
        latitude = area.latitude if area else client.municipality.latitude
        longitude = area.longitude if area else client.municipality.longitude
        if latitude is None or longitude is None:
            raise MatchingInputError(
                f"Klant {client.pk}: geen postcode en geen ligging van de gemeente bekend."
            )
        profiles.append(
            ClientProfile(
                key=client.pk,
                latitude=latitude,
                longitude=longitude,
                dutch=_levels(
                    [
                        intake.dutch_listening,
                        intake.dutch_reading,
                        intake.dutch_speaking,
                        intake.dutch_writing,
                    ]
                ),
                previous_occupations=tuple(
                    dict.fromkeys(w.occupation_id for w in intake.work_experience.all())
                ),
                wished_occupations=tuple(o.pk for o in intake.wished_occupations.all()),
                skills=frozenset(s.pk for s in intake.skills.all()),
                max_travel_minutes=intake.max_travel_minutes or weights.DEFAULT_MAX_TRAVEL_MINUTES,
                hours_available=intake.hours_available,
                available_from=intake.available_from,
                driving_licence=intake.driving_licence,
                region=client.municipality.region.code,
            )
        )
    return profiles


def placement_queryset(placements):  # type: ignore[no-untyped-def]
    return placements.select_related("postcode", "employer__region").prefetch_related(
        Prefetch("required_skills"), Prefetch("desirable_skills")
    )


def placement_profiles(placements: Sequence[Placement]) -> list[PlacementProfile]:
    return [
        PlacementProfile(
            key=placement.pk,
            occupation=placement.occupation_id,
            latitude=placement.postcode.latitude,
            longitude=placement.postcode.longitude,
            min_dutch=_levels(
                [
                    placement.min_dutch_listening,
                    placement.min_dutch_reading,
                    placement.min_dutch_speaking,
                    placement.min_dutch_writing,
                ]
            ),
            required_skills=frozenset(s.pk for s in placement.required_skills.all()),
            desirable_skills=frozenset(s.pk for s in placement.desirable_skills.all()),
            hours_per_week=placement.hours_per_week,
            # Selectors may annotate what is left after open referrals; otherwise the whole capacity.
            capacity=max(int(getattr(placement, "open_capacity", placement.capacity)), 0),
            start_date=placement.start_date,
            end_date=placement.end_date,
            job_coach=placement.job_coach,
            language_support=placement.language_support,
            driving_licence_required=placement.driving_licence_required,
            region=placement.employer.region.code,
        )
        for placement in placements
    ]


def taxonomy_for(occupation_ids: Iterable[int]) -> Taxonomy:
    """The occupations referred to, with their ISCO unit group and ESCO skills, in two queries."""
    ids = set(occupation_ids)
    essential: dict[int, set[int]] = {i: set() for i in ids}
    optional: dict[int, set[int]] = {i: set() for i in ids}
    for occupation_id, skill_id, relation in OccupationSkill.objects.filter(
        occupation_id__in=ids
    ).values_list("occupation_id", "skill_id", "relation"):
        (essential if relation == SkillRelation.ESSENTIAL else optional)[occupation_id].add(skill_id)
    return Taxonomy(
        {
            pk: Occupation(pk, isco, frozenset(essential[pk]), frozenset(optional[pk]))
            for pk, isco in OccupationRow.objects.filter(pk__in=ids).values_list("pk", "isco_group_id")
        }
    )


def build_market(
    clients: Sequence[Client], placements: Sequence[Placement], today: dt.date | None = None
) -> Market:
    """A market of these clients and placements (load them with the querysets above)."""
    client_list = client_profiles(clients)
    placement_list = placement_profiles(placements)
    occupations = {p.occupation for p in placement_list}
    for profile in client_list:
        occupations.update(profile.previous_occupations, profile.wished_occupations)
    return Market(client_list, placement_list, taxonomy_for(occupations), today=today)


def equity_labels(clients: Sequence[Client], today: dt.date | None = None) -> dict[str, list[str]]:
    """Gender, age band and cohort per client: for the equity report, never for a score."""
    day = today or dt.date.today()
    return {
        "gender": [str(client.get_gender_display()) for client in clients],
        "age_band": [age_band(client.age(day)) for client in clients],
        "cohort": [str(client.cohort or "?") for client in clients],
    }
