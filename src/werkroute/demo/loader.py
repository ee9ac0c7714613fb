"""Writes a simulated :class:`~werkroute.demo.simulation.Population` into the database, with the demo
region's organisations and demo accounts.

This is the one place that writes case rows without going through ``cases.services``: a service call per
row would take hours for 100,000 clients, so rows are created with ``bulk_create`` in chunks of clients,
inside one transaction. Timeline events come from the typed functions of :mod:`werkroute.cases.events`
(with ``save=False``), so they have exactly the shape the services give them. Everything shown in the web UI (descriptions, reasons, notes)
is Dutch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import reset_queries, transaction
from django.db.models import Q

from werkroute.accounts.models import User
from werkroute.cases import events
from werkroute.cases import services as cases_services
from werkroute.cases.models import (
    Activity,
    Client,
    Consent,
    ConsentMethod,
    ConsentScope,
    Education,
    Intake,
    LabourEpisode,
    Note,
    PlanGoal,
    PlanVersion,
    TargetGroup,
    TimelineEvent,
    WorkExperience,
)
from werkroute.demo.region import (
    BATCH_SIZE,
    CLIENTS_PER_CHUNK,
    EMPLOYERS,
    SKILLS_PER_OCCUPATION,
    DemoAccount,
    DemoRegion,
    _organisation,
)
from werkroute.demo.simulation import CEFR_LEVELS, Population
from werkroute.placements import events as referral_events
from werkroute.placements.models import Placement, PlacementKind, PlacementStatus, Referral, ReferralStatus
from werkroute.regions.models import Municipality, Organisation, OrganisationKind, PostcodeArea
from werkroute.taxonomy.models import Occupation, OccupationSkill, SkillRelation

# The work each employer has: ISCO-08 groups (by their first digits) its placements are drawn from, so
# that a hotel offers kitchen, service and housekeeping work and no truck driver.
EMPLOYER_ISCO_GROUPS = {
    "Schoonmaakbedrijf Waalstad": ("911", "912", "515"),
    "Hotel De Ooij": ("512", "513", "941", "911", "515", "4224"),
    "Logistiek Centrum Nijmegen": ("933", "834", "432", "833", "832"),
    "Zorggroep Rijk": ("532", "222", "911", "512", "941"),
}
PLACEMENT_KINDS = ("work_experience", "vacancy", "learn_and_work", "dual")
PLACEMENTS_PER_EMPLOYER = 6

ACTIVITY_DESCRIPTIONS = {
    "language_course": "Taalcursus Nederlands (NT2)",
    "map": "Module Arbeidsmarkt en Participatie",
    "dual_trajectory": "Duaal traject taal en werk: {detail}",
    "job_application_training": "Sollicitatietraining in groep",
    "work_placement": "Werkervaringsplaats: {detail}",
    "vocational_training": "Opleiding: {detail}",
    "volunteering": "Vrijwilligerswerk",
    "job_coaching": "Jobcoaching op de werkplek",
    "after_care": "Nazorg na start werk",
}
STOP_REASONS = {
    "work_found": "Gestart met betaald werk",
    "health": "Gezondheidsklachten",
    "pregnancy": "Zwangerschap en bevalling",
    "childcare": "Kinderopvang niet geregeld",
    "attendance": "Te vaak afwezig, ondanks afspraken",
    "other_route": "Overgestapt naar een ander traject",
}
LED_TO_JOB = "Leidde tot een baan"
PLAN_REASONS = {
    "": "",
    "annual_review": "Jaarlijkse evaluatie",
    "work_found": "Werk gevonden; plan bijgesteld",
    "route_change": "Leerroute gewijzigd na evaluatie",
}
PLAN_AGREEMENTS = {
    "B1": "Klant volgt de taalcursus richting B1 en werkt parallel aan werkfit worden. Klantmanager "
    "bespreekt elk kwartaal de voortgang.",
    "ONDERWIJS": "Klant volgt een schakeltraject en stroomt door naar een beroepsopleiding. Tijdens de "
    "opleiding geen sollicitatieplicht.",
    "Z": "Klant werkt aan zelfredzaamheid: dagelijkse zaken in het Nederlands regelen en meedoen in de wijk.",
}
PLAN_GOALS = {
    "B1": (
        "Nederlands op niveau B1",
        "Werkervaring opdoen in de gewenste sector",
        "Betaald werk, minimaal 16 uur",
    ),
    "ONDERWIJS": (
        "Schakeltraject afronden",
        "Diploma van een beroepsopleiding halen",
        "Nederlands op niveau B2",
    ),
    "Z": ("Zelfstandig afspraken maken in het Nederlands", "Meedoen met vrijwilligerswerk of dagbesteding"),
    "work_found": ("Werk behouden met steun van nazorg", "Uren uitbreiden zodat bijstand niet meer nodig is"),
}
NOTE_TEXTS = {
    "intake_talk": "Kennismaking en brede intake. Klant is gemotiveerd om Nederlands te leren en wil graag "
    "aan het werk.",
    "job_started": "Klant belt: gestart met werk. Afspraak gemaakt voor nazorg.",
    "check_in": "Voortgangsgesprek: afspraken uit het plan doorgenomen, geen bijzonderheden.",
    "language_progress": "Taalschool meldt goede voortgang; klant oefent thuis met een taalapp.",
    "appointment": "Afspraak verzet op verzoek van klant; nieuwe datum volgt.",
    "childcare": "Kinderopvang besproken; aanvraag kinderopvangtoeslag samen ingevuld.",
    "health": "Klant voelt zich niet fit en is naar de huisarts verwezen. Geen medische details vastgelegd.",
    "housing": "Vragen over huurtoeslag en energierekening; doorverwezen naar VluchtelingenWerk.",
    "work_search": "Vacatures in de regio samen bekeken; klant solliciteert bij twee werkgevers.",
}


@dataclass
class LoadSummary:
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)

    def add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number


# ---------------------------------------------------------------------------------------------------------
# The population
# ---------------------------------------------------------------------------------------------------------
def _dates(values: np.ndarray) -> list[Any]:
    """datetime64 values as ``datetime.date`` (None for NaT)."""
    return values.astype("datetime64[D]").tolist()


def _essential_skills(occupation_ids: Iterable[int]) -> dict[int, list[int]]:
    """The first few essential skills of each occupation (by id, so the choice is stable)."""
    skills: dict[int, list[int]] = {}
    rows = (
        OccupationSkill.objects.filter(
            relation=SkillRelation.ESSENTIAL, occupation_id__in=list(occupation_ids)
        )
        .order_by("occupation_id", "skill_id")
        .values_list("occupation_id", "skill_id")
    )
    for occupation_id, skill_id in rows:
        chosen = skills.setdefault(occupation_id, [])
        if len(chosen) < SKILLS_PER_OCCUPATION:
            chosen.append(skill_id)
    return skills


def _description(activity_type: str, detail: str) -> str:
    text = ACTIVITY_DESCRIPTIONS[activity_type]
    if "{detail}" not in text:
        return text
    return text.format(detail=detail) if detail else text.split(":")[0]


def load_population(
    population: Population,
    demo: DemoRegion,
    *,
    chunk_size: int = CLIENTS_PER_CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> LoadSummary:
    """Write ``population`` into ``demo.region`` in one transaction; returns the number of rows per model.

    ``population.municipality_codes`` must be codes of ``demo.municipalities``.
    """
    by_code = {item.code: item for item in demo.municipalities}
    municipalities = [by_code[code] for code in population.municipality_codes]
    statushouder = TargetGroup.objects.get(code="statushouder")
    skills = _essential_skills(np.unique(population.work_experience.occupation).tolist())
    summary = LoadSummary(accounts=demo.accounts)
    with transaction.atomic():
        placements = _ensure_placements(
            demo, np.unique(population.work_experience.occupation).tolist(), summary
        )
        for start in range(0, len(population), chunk_size):
            stop = min(start + chunk_size, len(population))
            _load_chunk(population, start, stop, municipalities, demo, statushouder, skills, summary)
            _load_referrals(population, start, stop, placements, summary)
            # With DEBUG on, Django keeps every query's SQL; bulk inserts would pile up hundreds of MB.
            reset_queries()
            if progress is not None:
                progress(stop, len(population))
    return summary


def _load_chunk(
    population: Population,
    start: int,
    stop: int,
    municipalities: list[Municipality],
    demo: DemoRegion,
    statushouder: TargetGroup,
    skills: dict[int, list[int]],
    summary: LoadSummary,
) -> None:
    span = slice(start, stop)
    timeline: list[Any] = []
    municipality_index = population.municipality[span].tolist()
    actors = [demo.caseworkers[municipalities[index].pk] for index in municipality_index]

    clients = [
        Client(
            id=uuid.UUID(bytes=raw.tobytes()),
            first_name=first_name,
            last_name=last_name,
            date_of_birth=birth,
            municipality_id=municipalities[index].pk,
            permit_date=permit,
            registration_date=registration,
            postcode=postcode,
            languages_spoken=languages.split(","),
            household_situation=household,
            caseworker_id=actor.pk,
            target_group_id=statushouder.pk,
            nationality=nationality,
            country_of_birth=country,
            gender=gender,
        )
        for (
            raw,
            first_name,
            last_name,
            birth,
            index,
            permit,
            registration,
            postcode,
            languages,
            household,
            actor,
            nationality,
            country,
            gender,
        ) in zip(
            population.ids[span],
            population.first_name[span].tolist(),
            population.last_name[span].tolist(),
            _dates(population.date_of_birth[span]),
            municipality_index,
            _dates(population.permit_date[span]),
            _dates(population.registration_date[span]),
            population.postcode[span].tolist(),
            population.languages[span].tolist(),
            population.household[span].tolist(),
            actors,
            population.nationality[span].tolist(),
            population.country_of_birth[span].tolist(),
            population.gender[span].tolist(),
            strict=True,
        )
    ]
    Client.objects.bulk_create(clients, batch_size=BATCH_SIZE)
    summary.add("clients", len(clients))
    timeline += [
        events.client_registered(client, actor, save=False)
        for client, actor in zip(clients, actors, strict=True)
    ]

    def client_of(index: int) -> Client:
        return clients[index - start]

    def actor_of(index: int) -> User:
        return actors[index - start]

    intakes = _load_intakes(population, span, client_of, actor_of, skills, summary, timeline)
    _load_plans(population, start, stop, client_of, actor_of, summary, timeline)
    _load_activities(population, start, stop, client_of, actor_of, demo.providers, summary, timeline)
    _load_episodes(population, start, stop, client_of, actor_of, summary, timeline)
    _load_notes(population, start, stop, client_of, actor_of, summary, timeline)
    _load_consents(intakes, actor_of, demo.providers["partner"], summary, timeline)
    updates = population.intake_updates.for_clients(start, stop)
    timeline += [
        events.intake_recorded(intakes[index], actor_of(index), first=False, on=day, save=False)
        for index, day in zip(updates.client.tolist(), _dates(updates.occurred_on), strict=True)
        if index in intakes
    ]
    TimelineEvent.objects.bulk_create(timeline, batch_size=BATCH_SIZE)
    summary.add("timeline events", len(timeline))


def _load_intakes(
    population: Population,
    span: slice,
    client_of: Callable[[int], Client],
    actor_of: Callable[[int], User],
    skills: dict[int, list[int]],
    summary: LoadSummary,
    timeline: list[Any],
) -> dict[int, Intake]:
    indexes = np.flatnonzero(population.has_intake[span]) + span.start
    levels = np.asarray(CEFR_LEVELS)
    columns = zip(
        indexes.tolist(),
        _dates(population.intake_date[indexes]),
        levels[population.dutch_listening[indexes]].tolist(),
        levels[population.dutch_reading[indexes]].tolist(),
        levels[population.dutch_speaking[indexes]].tolist(),
        levels[population.dutch_writing[indexes]].tolist(),
        population.other_languages[indexes].tolist(),
        population.limiting_circumstances[indexes].tolist(),
        population.driving_licence[indexes].tolist(),
        population.hours_available[indexes].tolist(),
        population.max_travel_minutes[indexes].tolist(),
        population.route_advice[indexes].tolist(),
        population.wished_sectors[indexes].tolist(),
        strict=True,
    )
    intakes: dict[int, Intake] = {}
    for (
        index,
        day,
        listening,
        reading,
        speaking,
        writing,
        other,
        limiting,
        licence,
        hours,
        travel,
        route,
        sectors,
    ) in columns:
        intakes[index] = Intake(
            client=client_of(index),
            intake_date=day,
            recorded_by_id=actor_of(index).pk,
            dutch_listening=listening,
            dutch_reading=reading,
            dutch_speaking=speaking,
            dutch_writing=writing,
            other_languages=[
                {"language": language, "level": level}
                for language, _, level in (item.partition("=") for item in other.split(","))
            ],
            limiting_circumstances=limiting.split(",") if limiting else [],
            driving_licence=licence,
            hours_available=hours,
            max_travel_minutes=travel,
            learning_route_advice=route,
            wished_sectors=sectors.split(",") if sectors else [],
        )
    Intake.objects.bulk_create(intakes.values(), batch_size=BATCH_SIZE)
    summary.add("intakes", len(intakes))
    first_dates = _dates(population.first_intake_date[indexes])
    timeline += [
        events.intake_recorded(intake, actor_of(index), first=True, on=day, save=False)
        for (index, intake), day in zip(intakes.items(), first_dates, strict=True)
    ]

    education = [
        Education(
            intake_id=intakes[index].pk,
            isced_level=level,
            field=field_name,
            years=max(years, 0),
            country=country,
            diploma=diploma,
            recognition=recognition,
        )
        for index, level, field_name, years, country, diploma, recognition in zip(
            indexes.tolist(),
            population.isced[indexes].tolist(),
            population.education_field[indexes].tolist(),
            population.education_years[indexes].tolist(),
            population.country_of_birth[indexes].tolist(),
            population.diploma[indexes].tolist(),
            population.recognition[indexes].tolist(),
            strict=True,
        )
    ]
    Education.objects.bulk_create(education, batch_size=BATCH_SIZE)
    summary.add("education", len(education))

    experience = population.work_experience.for_clients(span.start, span.stop)
    work = [
        WorkExperience(
            intake_id=intakes[index].pk,
            occupation_id=occupation,
            years=Decimal(f"{years:.1f}"),
            country=country,
        )
        for index, occupation, years, country in zip(
            experience.client.tolist(),
            experience.occupation.tolist(),
            experience.years.tolist(),
            experience.country.tolist(),
            strict=True,
        )
        if index in intakes
    ]
    WorkExperience.objects.bulk_create(work, batch_size=BATCH_SIZE)
    summary.add("work experience", len(work))

    skill_rows = []
    for row in work:
        for skill_id in skills.get(row.occupation_id, []):
            skill_rows.append((row.intake_id, skill_id))
    through = Intake.skills.through
    unique_rows = dict.fromkeys(skill_rows)
    through.objects.bulk_create(
        [through(intake_id=intake_id, skill_id=skill_id) for intake_id, skill_id in unique_rows],
        batch_size=BATCH_SIZE,
    )
    summary.add("intake skills", len(unique_rows))
    wished = population.wished_occupations.for_clients(span.start, span.stop)
    wished_through = Intake.wished_occupations.through
    wished_rows = [
        wished_through(intake_id=intakes[index].pk, occupation_id=occupation)
        for index, occupation in zip(wished.client.tolist(), wished.occupation.tolist(), strict=True)
        if index in intakes
    ]
    wished_through.objects.bulk_create(wished_rows, batch_size=BATCH_SIZE)
    summary.add("wished occupations", len(wished_rows))
    return intakes


def _load_plans(
    population: Population,
    start: int,
    stop: int,
    client_of: Callable[[int], Client],
    actor_of: Callable[[int], User],
    summary: LoadSummary,
    timeline: list[Any],
) -> None:
    rows = population.plans.for_clients(start, stop)
    plans = [
        PlanVersion(
            client=client_of(index),
            number=number,
            plan_date=day,
            learning_route=route,
            agreements=PLAN_AGREEMENTS[route],
            review_date=review,
            reason=PLAN_REASONS[reason],
            created_by_id=actor_of(index).pk,
        )
        for index, number, day, route, review, reason in zip(
            rows.client.tolist(),
            rows.number.tolist(),
            _dates(rows.plan_date),
            rows.route.tolist(),
            _dates(rows.review_date),
            rows.reason.tolist(),
            strict=True,
        )
    ]
    PlanVersion.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    cases_services.store_current_learning_routes(
        Client.objects.filter(pk__in={plan.client_id for plan in plans})
    )
    summary.add("plan versions", len(plans))
    goals = []
    for plan, index, reason in zip(plans, rows.client.tolist(), rows.reason.tolist(), strict=True):
        texts = PLAN_GOALS["work_found" if reason == "work_found" else plan.learning_route]
        # The goals of a plan vary a little by version, as they would when people revise them.
        chosen = texts[: 1 + (plan.number % len(texts))]
        goals += [
            PlanGoal(
                plan_version_id=plan.pk,
                position=position,
                description=text,
                target_date=plan.plan_date + dt.timedelta(days=182 * (position + 1)),
            )
            for position, text in enumerate(chosen)
        ]
        timeline.append(events.plan_version_created(plan, actor_of(index), save=False))
    PlanGoal.objects.bulk_create(goals, batch_size=BATCH_SIZE)
    summary.add("plan goals", len(goals))


def _load_activities(
    population: Population,
    start: int,
    stop: int,
    client_of: Callable[[int], Client],
    actor_of: Callable[[int], User],
    providers: dict[str, Organisation],
    summary: LoadSummary,
    timeline: list[Any],
) -> None:
    rows = population.activities.for_clients(start, stop)
    activities = []
    for index, activity_type, begin, end, status, reason, hours, provider, detail, led_to_job in zip(
        rows.client.tolist(),
        rows.activity_type.tolist(),
        _dates(rows.start),
        _dates(rows.end),
        rows.status.tolist(),
        rows.stop_reason.tolist(),
        rows.hours.tolist(),
        rows.provider.tolist(),
        rows.detail.tolist(),
        rows.led_to_job.tolist(),
        strict=True,
    ):
        activities.append(
            Activity(
                client=client_of(index),
                activity_type=activity_type,
                description=_description(activity_type, detail),
                provider_id=providers[provider].pk if provider in providers else None,
                start_date=begin,
                end_date=end,
                hours_per_week=hours or None,
                status=status,
                stop_reason=STOP_REASONS.get(reason, ""),
                outcome=LED_TO_JOB if led_to_job and status == "completed" else "",
            )
        )
    Activity.objects.bulk_create(activities, batch_size=BATCH_SIZE)
    summary.add("activities", len(activities))
    for activity, index in zip(activities, rows.client.tolist(), strict=True):
        actor = actor_of(index)
        # Agreed on the start day for activities that have begun, today for those still ahead.
        planned_on = min(activity.start_date, population.today)
        timeline.append(events.activity_planned(activity, actor, planned_on, save=False))
        if activity.status == "planned":
            continue
        timeline.append(
            events.activity_status_changed(
                activity, actor, old="planned", new="active", on=activity.start_date, save=False
            )
        )
        if activity.status in ("completed", "stopped_early"):
            assert activity.end_date is not None
            timeline.append(
                events.activity_status_changed(
                    activity,
                    actor,
                    old="active",
                    new=activity.status,
                    on=activity.end_date,
                    save=False,
                )
            )


def _load_episodes(
    population: Population,
    start: int,
    stop: int,
    client_of: Callable[[int], Client],
    actor_of: Callable[[int], User],
    summary: LoadSummary,
    timeline: list[Any],
) -> None:
    rows = population.episodes.for_clients(start, stop)
    episodes = [
        LabourEpisode(
            client=client_of(index),
            kind=kind,
            start_date=begin,
            end_date=end,
            hours_per_week=hours or None,
            contract_type=contract,
            employer_name=employer,
        )
        for index, kind, begin, end, hours, contract, employer in zip(
            rows.client.tolist(),
            rows.kind.tolist(),
            _dates(rows.start),
            _dates(rows.end),
            rows.hours.tolist(),
            rows.contract.tolist(),
            rows.employer.tolist(),
            strict=True,
        )
    ]
    LabourEpisode.objects.bulk_create(episodes, batch_size=BATCH_SIZE)
    summary.add("labour episodes", len(episodes))
    for episode, index in zip(episodes, rows.client.tolist(), strict=True):
        actor = actor_of(index)
        timeline.append(events.labour_episode_started(episode, actor, save=False))
        if episode.end_date is not None:
            timeline.append(events.labour_episode_ended(episode, actor, save=False))


def _load_notes(
    population: Population,
    start: int,
    stop: int,
    client_of: Callable[[int], Client],
    actor_of: Callable[[int], User],
    summary: LoadSummary,
    timeline: list[Any],
) -> None:
    rows = population.notes.for_clients(start, stop)
    notes = [
        Note(
            client=client_of(index),
            author_id=actor_of(index).pk,
            channel=channel,
            occurred_on=day,
            text=NOTE_TEXTS[topic],
        )
        for index, day, channel, topic in zip(
            rows.client.tolist(),
            _dates(rows.occurred_on),
            rows.channel.tolist(),
            rows.topic.tolist(),
            strict=True,
        )
    ]
    Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    summary.add("notes", len(notes))
    timeline += [
        events.note_added(note, actor_of(index), save=False)
        for note, index in zip(notes, rows.client.tolist(), strict=True)
    ]


def _fitting_occupations(groups: tuple[str, ...], occupation_ids: list[int]) -> list[Occupation]:
    """Occupations of the employer's ISCO groups: those the demo clients worked in first (so that there are
    candidates), then the rest of the shipped occupations of those groups; in a fixed order."""
    in_groups = Q()
    for group in groups:
        in_groups |= Q(isco_group__code__startswith=group)
    occupations = list(Occupation.objects.filter(in_groups).order_by("pk"))
    known = set(occupation_ids)
    return sorted(occupations, key=lambda occupation: occupation.pk not in known)


def _ensure_placements(demo: DemoRegion, occupation_ids: list[int], summary: LoadSummary) -> list[Placement]:
    """The region's employers and their open placements (created once, found again on a second load)."""
    areas = list(PostcodeArea.objects.filter(municipality__region=demo.region).order_by("pk"))
    if not areas or not occupation_ids:
        return []
    placements = []
    for number, name in enumerate(EMPLOYERS):
        employer = _organisation(name, OrganisationKind.EMPLOYER, demo.region, None)
        fitting = _fitting_occupations(EMPLOYER_ISCO_GROUPS[name], occupation_ids) or list(
            Occupation.objects.filter(pk__in=occupation_ids).order_by("pk")
        )
        for offer in range(PLACEMENTS_PER_EMPLOYER):
            position = number * PLACEMENTS_PER_EMPLOYER + offer
            occupation = fitting[offer % len(fitting)]
            kind = PLACEMENT_KINDS[position % len(PLACEMENT_KINDS)]
            title = occupation.preferred_label[:1].upper() + occupation.preferred_label[1:180]
            if offer >= len(fitting):  # the same work offered again, as another kind of placement
                title = f"{title} ({PlacementKind(kind).label})"
            placement, created = Placement.objects.get_or_create(
                employer=employer,
                title=title,
                defaults={
                    "kind": kind,
                    "occupation": occupation,
                    "postcode": areas[(position * 11) % len(areas)],
                    "hours_per_week": (16, 24, 32, 36)[position % 4],
                    "capacity": (1, 2, 1, 3, 1, 5)[offer],
                    "min_dutch_listening": ("A1", "A2", "B1")[position % 3],
                    "min_dutch_speaking": ("A1", "A2", "B1")[(position + 1) % 3],
                    "min_dutch_reading": ("A0", "A1", "A2")[position % 3],
                    "job_coach": position % 3 == 0,
                    "language_support": position % 2 == 0,
                    "driving_licence_required": position % 9 == 4,
                    "status": PlacementStatus.OPEN,
                },
            )
            placements.append(placement)
            summary.add("placements", int(created))
    return placements


def _load_referrals(
    population: Population, start: int, stop: int, placements: list[Placement], summary: LoadSummary
) -> None:
    """Referrals of some clients who agreed to share their work profile (see ``_load_consents``), to the
    placement that fits them best, at a status chosen by position; scored by the matching engine itself.
    By position rather than drawn, so that the simulation's random streams stay as they are."""
    from werkroute.matching import MatchingInputError, top_placements
    from werkroute.placements.matching_adapter import build_market, client_queryset, placement_queryset

    if not placements:
        return
    ids = [uuid.UUID(bytes=raw.tobytes()) for raw in population.ids[start:stop]]
    chosen = [client_id for index, client_id in enumerate(ids, start) if index % 5 and index % 3 == 0]
    clients = list(client_queryset().filter(pk__in=chosen, intake__isnull=False).order_by("pk"))
    offers = list(
        placement_queryset(Placement.objects.filter(pk__in=[p.pk for p in placements]).order_by("pk"))
    )
    try:
        market = build_market(clients, offers)
    except MatchingInputError:
        return
    consents = {
        consent.client_id: consent
        for consent in Consent.objects.filter(
            client__in=clients, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS
        )
    }
    statuses = (
        ReferralStatus.PROPOSED,
        ReferralStatus.CONSENTED,
        ReferralStatus.SENT,
        ReferralStatus.DECLINED,
    )
    referrals = []
    for row, client in enumerate(clients):
        best = top_placements(market, row, 1)
        consent = consents.get(client.pk)
        if not len(best.indices) or consent is None:
            continue
        column = int(best.indices[0])
        block = market.score_block([row], [column])
        status = statuses[row % len(statuses)]
        referrals.append(
            Referral(
                client=client,
                placement=offers[column],
                status=status,
                proposed_by=client.caseworker,
                proposed_on=consent.given_on,
                score=float(block.total[0, 0]),
                score_parts={name: round(float(value[0, 0]), 4) for name, value in block.components.items()},
                consent=consent if status != ReferralStatus.PROPOSED else None,
                sent_on=consent.given_on
                if status in (ReferralStatus.SENT, ReferralStatus.DECLINED)
                else None,
                decided_on=consent.given_on if status == ReferralStatus.DECLINED else None,
                decline_reason="language" if status == ReferralStatus.DECLINED else "",
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=BATCH_SIZE)
    summary.add("referrals", len(referrals))
    # Each step on the client's timeline, as the services record it (the statuses are a path in order).
    timeline = []
    for referral in referrals:
        timeline.append(referral_events.referral_proposed(referral, referral.proposed_by, save=False))
        reached = referral.status
        for before, after in itertools.pairwise(statuses[: statuses.index(reached) + 1]):
            referral.status = after
            timeline.append(
                referral_events.referral_status_changed(
                    referral, referral.proposed_by, before, referral.proposed_on, save=False
                )
            )
        referral.status = reached
    TimelineEvent.objects.bulk_create(timeline, batch_size=BATCH_SIZE)


def _load_consents(
    intakes: dict[int, Intake],
    actor_of: Callable[[int], User],
    partner: Organisation,
    summary: LoadSummary,
    timeline: list[Any],
) -> None:
    """Consents taken at the intake: most clients allow their work profile to be shared with employers,
    one in four their file with the refugee support organisation. Chosen by position, not drawn, so that
    the simulation's random streams (and with them its calibration) stay as they are."""
    consents, actors = [], []
    for index, intake in intakes.items():
        wanted: list[tuple[str, Organisation | None]] = []
        if index % 5:
            wanted.append((ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, None))
        if index % 4 == 1:
            wanted.append((ConsentScope.SHARE_FILE_WITH_PARTNER, partner))
        for scope, organisation in wanted:
            consents.append(
                Consent(
                    client=intake.client,
                    municipality_id=intake.client.municipality_id,
                    scope=scope,
                    organisation=organisation,
                    given_on=intake.intake_date,
                    method=ConsentMethod.IN_PERSON,
                    recorded_by=actor_of(index),
                )
            )
            actors.append(actor_of(index))
    Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    summary.add("consents", len(consents))
    timeline += [
        events.consent_given(consent, actor, save=False)
        for consent, actor in zip(consents, actors, strict=True)
    ]
