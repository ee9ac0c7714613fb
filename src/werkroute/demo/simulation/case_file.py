"""Stage 3: the case file — labour spells, activities, plans, notes, work experience, identity, intake."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from werkroute.demo.simulation.calibration import (
    CIRCUMSTANCES,
    CONTRACT_TYPES,
    DAYS_PER_YEAR,
    EDUCATION,
    HOUSEHOLDS,
    NATIONALITIES,
    PAID_WORK,
    ROUTE_B1,
    ROUTE_ONDERWIJS,
    ROUTE_Z,
    ROUTES,
    SELF_EMPLOYMENT,
    SOCIAL_ASSISTANCE,
)
from werkroute.demo.simulation.composition import (
    ACTIVITY_PROVIDER,
    BORN_ELSEWHERE,
    EDUCATION_FIELDS,
    EMPLOYERS,
    ISCO_MAJOR_SHARE_HIGH,
    ISCO_MAJOR_SHARE_LOW,
    LANGUAGES,
    NOTE_CHANNELS,
    NOTE_TOPICS,
    RECOGNITIONS,
    SCHOOLS,
    SECTORS,
    SELF_EMPLOYMENT_NAMES,
    STOP_REASONS,
    VOCATIONAL_COURSES,
)
from werkroute.demo.simulation.histories import _Histories
from werkroute.demo.simulation.names import NAME_GROUP, NAMES
from werkroute.demo.simulation.people import _People
from werkroute.demo.simulation.rows import (
    Activities,
    Episodes,
    IntakeUpdates,
    Notes,
    Plans,
    RegionInput,
    WishedOccupations,
    WorkExperiences,
    _categorical,
    _dates,
    _pick,
)


# ---------------------------------------------------------------------------------------------------------
# Stage 3: the case file — names, intake, plans, activities, notes
# ---------------------------------------------------------------------------------------------------------
def _labels(vocabulary: Sequence[str], codes: np.ndarray) -> np.ndarray:
    """``vocabulary[codes]`` as an object array that shares one ``str`` per value (8 bytes an element)."""
    shared = np.empty(len(vocabulary), dtype=object)
    shared[:] = list(vocabulary)
    return shared[np.asarray(codes, dtype=np.int64)]


EPISODE_KINDS = (PAID_WORK, SELF_EMPLOYMENT, SOCIAL_ASSISTANCE, EDUCATION)
EMPLOYER_NAMES = ("", *(name for name, _, _ in EMPLOYERS), *SELF_EMPLOYMENT_NAMES, *SCHOOLS)


def _episodes(rng: np.random.Generator, people: _People, histories: _Histories) -> Episodes:
    permit = people.permit
    works, assisted = len(histories.work_client), len(histories.assistance_client)
    agency = 1 + np.array([index for index, employer in enumerate(EMPLOYERS) if employer[2]])
    regular = 1 + np.array([index for index, employer in enumerate(EMPLOYERS) if not employer[2]])
    self_employed = histories.work_kind == 1
    employer = np.select(
        [self_employed, histories.work_contract == CONTRACT_TYPES.index("agency")],
        [
            EMPLOYER_NAMES.index(SELF_EMPLOYMENT_NAMES[0])
            + rng.integers(0, len(SELF_EMPLOYMENT_NAMES), works),
            agency[rng.integers(0, len(agency), works)],
        ],
        regular[rng.integers(0, len(regular), works)],
    )
    contract = np.where(self_employed, 0, histories.work_contract + 1)  # 0: no contract

    school = np.flatnonzero((people.education_start >= 0) & (people.education_start <= people.horizon))
    school_end = np.where(
        people.education_end[school] >= people.horizon[school], -1, people.education_end[school]
    )
    school_name = EMPLOYER_NAMES.index(SCHOOLS[0]) + (people.isced[school] >= 5)

    client = np.concatenate([histories.work_client, histories.assistance_client, school])
    start_rel = np.concatenate(
        [histories.work_start, histories.assistance_start, people.education_start[school]]
    )
    end_rel = np.concatenate([histories.work_end, histories.assistance_end, school_end])
    kind = np.concatenate(
        [
            histories.work_kind,
            np.full(assisted, EPISODE_KINDS.index(SOCIAL_ASSISTANCE)),
            np.full(len(school), EPISODE_KINDS.index(EDUCATION)),
        ]
    )
    others = np.zeros(assisted + len(school), np.int64)
    hours = np.concatenate([histories.work_hours, others])
    contracts = np.concatenate([contract, others])
    employers = np.concatenate([employer, np.zeros(assisted, np.int64), school_name])
    order = np.lexsort((start_rel, client))
    client, start_rel, end_rel = client[order], start_rel[order], end_rel[order]
    return Episodes(
        client=client,
        kind=_labels(EPISODE_KINDS, kind[order]),
        start=_dates(permit[client] + start_rel),
        end=_dates(permit[client] + end_rel, end_rel >= 0),
        hours=hours[order],
        contract=_labels(("", *CONTRACT_TYPES), contracts[order]),
        employer=_labels(EMPLOYER_NAMES, employers[order]),
    )


ACTIVITY_TYPES = tuple(ACTIVITY_PROVIDER)
ACTIVITY_STATUSES = ("planned", "active", "completed", "stopped_early")
SCHOOL_DETAIL = "schakeltraject en vervolgopleiding"
# What an activity is about: a sector (dual trajectory, placement) or a course; code 0 is nothing.
DETAILS = ("", *SECTORS, *VOCATIONAL_COURSES, SCHOOL_DETAIL)
FIRST_SECTOR, FIRST_COURSE = 1, 1 + len(SECTORS)
# Activities that someone leaves, now and then, when a job starts during them; and the chance of that.
STOPS_FOR_WORK = {
    "language_course": 0.35,
    "dual_trajectory": 0.6,
    "job_application_training": 0.8,
    "work_placement": 0.7,
    "volunteering": 0.5,
    "map": 0.2,
}
STOPS_ANYWAY = {
    "language_course": 0.07,
    "dual_trajectory": 0.1,
    "work_placement": 0.12,
    "vocational_training": 0.1,
    "volunteering": 0.1,
    "job_application_training": 0.05,
    "map": 0.03,
}
STOP_REASON_CODES = ("", "work_found", *STOP_REASONS)


@dataclass
class _ActivityParts:
    parts: list[tuple[np.ndarray, ...]] = field(default_factory=list)

    def add(
        self,
        activity_type: str,
        client: np.ndarray,
        start: np.ndarray,
        length: np.ndarray,
        hours: int | np.ndarray,
        detail: int | np.ndarray = 0,
        led_to_job: bool = False,
    ) -> None:
        count = len(client)

        def column(value: Any, dtype: Any = np.int64) -> np.ndarray:
            return np.broadcast_to(np.asarray(value, dtype=dtype), (count,))

        start = np.asarray(start, dtype=np.int64)
        self.parts.append(
            (
                client,
                column(ACTIVITY_TYPES.index(activity_type)),
                start,
                start + np.maximum(length, 1) - 1,
                column(hours),
                column(detail),
                column(led_to_job, bool),
            )
        )

    def joined(self) -> list[np.ndarray]:
        return [np.concatenate([part[column] for part in self.parts]) for column in range(7)]


def _activities(
    rng: np.random.Generator,
    people: _People,
    first_job: np.ndarray,
    first_job_end: np.ndarray,
    first_job_contract: np.ndarray,
    sector: np.ndarray,
    on_assistance_today: np.ndarray,
) -> Activities:
    """Activities of each client's trajectory; ``sector`` is each client's first wished sector (a DETAILS
    code), ``first_job`` the start of the first job in days since the permit (-1: none)."""
    n = people.n
    everyone = np.arange(n)
    has_plan = people.first_plan <= people.horizon
    plan = people.first_plan
    route = people.route
    female = people.female
    parts = _ActivityParts()

    def some(mask: np.ndarray) -> np.ndarray:
        return everyone[mask & has_plan]

    # The language course runs until the route's target level is reached, within the 3-year term.
    who = some(np.ones(n, dtype=bool))
    target = np.select([route[who] == ROUTE_Z, route[who] == ROUTE_ONDERWIJS], [1.5, 2.5], 3.0)
    needed = np.maximum(target - people.dutch_start[who], 0.5) * people.dutch_days_per_level[who]
    length = np.clip(needed, 180, 3 * DAYS_PER_YEAR).astype(np.int64)
    until_school = people.education_start[who] - people.course_start[who]
    length = np.where(route[who] == ROUTE_ONDERWIJS, np.minimum(length, until_school), length)
    parts.add(
        "language_course",
        who,
        people.course_start[who],
        np.maximum(length, 60),
        rng.choice([8, 12, 16], len(who)),
    )

    who = some((route != ROUTE_ONDERWIJS) & (rng.random(n) < np.where(people.cohort >= 2022, 0.85, 0.3)))
    parts.add("map", who, plan[who] + rng.integers(14, 121, len(who)), rng.integers(56, 113, len(who)), 4)

    b1 = route == ROUTE_B1
    who = some(b1 & (rng.random(n) < np.where(female, 0.25, 0.4)))
    start = plan[who] + rng.integers(90, 361, len(who))
    parts.add("dual_trajectory", who, start, rng.integers(180, 366, len(who)), 20, sector[who])
    who = some(b1 & (rng.random(n) < 0.35))
    start = plan[who] + rng.integers(120, 541, len(who))
    parts.add("job_application_training", who, start, rng.integers(42, 85, len(who)), 6)

    # A work placement that led to the first job ends shortly before it; other placements anywhere.
    linked = (first_job >= 0) & (rng.random(n) < 0.25) & (route != ROUTE_ONDERWIJS)
    placement_length = rng.integers(90, 183, n)
    placement_start = first_job - rng.integers(1, 31, n) - placement_length
    linked &= placement_start >= plan + 30
    who = some(linked)
    parts.add("work_placement", who, placement_start[who], placement_length[who], 24, sector[who], True)
    who = some(~linked & (route != ROUTE_ONDERWIJS) & (rng.random(n) < 0.25))
    start = plan[who] + rng.integers(180, 721, len(who))
    parts.add("work_placement", who, start, rng.integers(90, 183, len(who)), 24, sector[who])

    who = everyone[(people.education_start >= 0) & has_plan]
    length = people.education_end[who] - people.education_start[who] + 1
    parts.add(
        "vocational_training", who, people.education_start[who], length, 32, DETAILS.index(SCHOOL_DETAIL)
    )
    who = some(b1 & (rng.random(n) < 0.15))
    start = plan[who] + rng.integers(120, 721, len(who))
    course = FIRST_COURSE + rng.integers(0, len(VOCATIONAL_COURSES), len(who))
    parts.add("vocational_training", who, start, rng.integers(30, 122, len(who)), 16, course)

    who = some(rng.random(n) < np.where(route == ROUTE_Z, 0.5, np.where(female, 0.25, 0.15)))
    parts.add(
        "volunteering", who, plan[who] + rng.integers(60, 721, len(who)), rng.integers(180, 548, len(who)), 8
    )

    subsidised = first_job_contract == CONTRACT_TYPES.index("subsidised")
    working = first_job >= 0
    who = some(working & ((rng.random(n) < 0.4) | subsidised))
    job_length = np.where(first_job_end[who] >= 0, first_job_end[who] - first_job[who] + 1, 10**6)
    parts.add("job_coaching", who, first_job[who], np.minimum(rng.integers(90, 366, len(who)), job_length), 2)
    who = some(working & (rng.random(n) < 0.6))
    parts.add("after_care", who, first_job[who] + rng.integers(0, 15, len(who)), np.full(len(who), 182), 1)

    client, kind, start, planned_end, hours, detail, led_to_job = parts.joined()
    count = len(client)
    horizon = people.horizon[client]
    job = first_job[client]
    actual_end = planned_end.copy()
    reason = np.zeros(count, dtype=np.int64)

    stop_for_work = np.array([STOPS_FOR_WORK.get(name, 0.0) for name in ACTIVITY_TYPES])[kind]
    quits = (job > start) & (job <= planned_end) & ~led_to_job & (rng.random(count) < stop_for_work)
    actual_end = np.where(quits, job - 1, actual_end)
    reason[quits] = STOP_REASON_CODES.index("work_found")
    stop_anyway = np.array([STOPS_ANYWAY.get(name, 0.0) for name in ACTIVITY_TYPES])[kind]
    drops = ~quits & (rng.random(count) < stop_anyway)
    stop_day = start + np.floor(rng.random(count) * (planned_end - start)).astype(np.int64)
    actual_end = np.where(drops, stop_day, actual_end)
    # Reasons in the order of STOP_REASONS (health, pregnancy, childcare, attendance, other route).
    reason_p = np.where(female[client][:, None], (0.3, 0.25, 0.25, 0.1, 0.1), (0.45, 0.0, 0.05, 0.3, 0.2))
    reason = np.where(drops, 2 + _categorical(rng, reason_p), reason)

    planned = start > horizon
    closed = ~planned & (actual_end <= horizon)
    status = np.select([planned, closed & (reason > 0), closed], [0, 3, 2], 1)  # codes of ACTIVITY_STATUSES
    end = np.where(planned, planned_end, np.where(closed, actual_end, -1))
    reason = np.where(status == 3, reason, 0)

    # Clients on assistance today without anything planned or running get a next step planned.
    busy = np.zeros(n, dtype=bool)
    busy[client[status <= 1]] = True
    who = everyone[on_assistance_today & ~busy & has_plan & (rng.random(n) < 0.35)]
    next_types = ("job_application_training", "work_placement", "dual_trajectory", "vocational_training")
    next_type = rng.choice(4, len(who), p=(0.35, 0.3, 0.2, 0.15))
    next_detail = np.select(
        [next_type == 1, next_type == 2, next_type == 3],
        [sector[who], sector[who], FIRST_COURSE + rng.integers(0, len(VOCATIONAL_COURSES), len(who))],
        0,
    )
    next_start = people.horizon[who] + rng.integers(7, 57, len(who))

    client = np.concatenate([client, who])
    start = np.concatenate([start, next_start])
    end = np.concatenate([end, next_start + rng.integers(42, 183, len(who)) - 1])
    kind = np.concatenate([kind, np.array([ACTIVITY_TYPES.index(name) for name in next_types])[next_type]])
    status = np.concatenate([status, np.zeros(len(who), np.int64)])
    reason = np.concatenate([reason, np.zeros(len(who), np.int64)])
    hours = np.concatenate([hours, np.full(len(who), 16)])
    detail = np.concatenate([detail, next_detail])
    led_to_job = np.concatenate([led_to_job, np.zeros(len(who), dtype=bool)])

    order = np.lexsort((start, client))
    client, start, end, kind = client[order], start[order], end[order], kind[order]
    return Activities(
        client=client,
        activity_type=_labels(ACTIVITY_TYPES, kind),
        start=_dates(people.permit[client] + start),
        end=_dates(people.permit[client] + end, end >= 0),
        status=_labels(ACTIVITY_STATUSES, status[order]),
        stop_reason=_labels(STOP_REASON_CODES, reason[order]),
        hours=hours[order],
        provider=_labels([ACTIVITY_PROVIDER[name] for name in ACTIVITY_TYPES], kind),
        detail=_labels(DETAILS, detail[order]),
        led_to_job=led_to_job[order],
        intervention=_labels(("",), np.zeros(len(order), dtype=np.int64)),
    )


PLAN_REASONS = ("", "annual_review", "work_found", "route_change")


def _plans(rng: np.random.Generator, people: _People, first_job: np.ndarray) -> tuple[Plans, IntakeUpdates]:
    n = people.n
    everyone = np.arange(n)
    has_plan = people.first_plan <= people.horizon
    clients = [everyone[has_plan]]
    days = [people.first_plan[has_plan]]
    reasons = [np.zeros(has_plan.sum(), np.int64)]
    # Yearly reviews during the three-year inburgering term, then every year for about half.
    for year in range(1, 9):
        day = people.first_plan + np.round(year * DAYS_PER_YEAR + rng.normal(0, 20, n)).astype(np.int64)
        keep = has_plan & (day <= people.horizon) & ((year <= 3) | (rng.random(n) < 0.5))
        clients.append(everyone[keep])
        days.append(day[keep])
        reasons.append(np.full(keep.sum(), PLAN_REASONS.index("annual_review")))
    revised = (first_job >= 0) & has_plan & (rng.random(n) < 0.6)
    day = first_job + rng.integers(3, 31, n)
    revised &= (day <= people.horizon) & (day > people.first_plan)
    clients.append(everyone[revised])
    days.append(day[revised])
    reasons.append(np.full(revised.sum(), PLAN_REASONS.index("work_found")))

    client = np.concatenate(clients)
    day = np.concatenate(days)
    reason = np.concatenate(reasons)
    order = np.lexsort((day, client))
    client, day, reason = client[order], day[order], reason[order]
    # Two revisions within a month would be one conversation: keep the first.
    crowded = np.zeros(len(client), dtype=bool)
    crowded[1:] = (client[1:] == client[:-1]) & (day[1:] - day[:-1] < 30)
    client, day, reason = client[~crowded], day[~crowded], reason[~crowded]
    group_start = np.searchsorted(client, client, side="left")
    number = np.arange(len(client)) - group_start + 1

    route = people.route[client].copy()
    changes = (rng.random(n) < 0.05) & (people.route == ROUTE_B1)
    switched = changes[client] & (number >= 3)
    route[switched] = ROUTE_Z
    reason = np.where(switched & (number == 3), PLAN_REASONS.index("route_change"), reason)

    updates = (reason == PLAN_REASONS.index("annual_review")) & (rng.random(len(client)) < 0.5)
    plans = Plans(
        client=client,
        number=number,
        plan_date=_dates(people.permit[client] + day),
        route=_labels(ROUTES, route),
        review_date=_dates(people.permit[client] + day + 182),
        reason=_labels(PLAN_REASONS, reason),
    )
    intake_updates = IntakeUpdates(
        client=client[updates], occurred_on=_dates(people.permit[client[updates]] + day[updates])
    )
    return plans, intake_updates


def _notes(rng: np.random.Generator, people: _People, first_job: np.ndarray) -> Notes:
    n = people.n
    everyone = np.arange(n)
    has_intake = people.first_intake <= people.horizon
    day = first_job + rng.integers(0, 15, n)
    told = (first_job >= 0) & (day <= people.horizon)
    extra = rng.integers(0, 4, n) * (people.horizon > people.registration)
    who = np.repeat(everyone, extra)
    span = people.horizon[who] - people.registration[who]
    channels = (*NOTE_CHANNELS, "in_person", "phone")
    topics = (*NOTE_TOPICS, "intake_talk", "job_started")
    client = np.concatenate([everyone[has_intake], everyone[told], who])
    day = np.concatenate(
        [
            people.first_intake[has_intake],
            day[told],
            people.registration[who] + np.floor(rng.random(len(who)) * (span + 1)).astype(np.int64),
        ]
    )
    channel = np.concatenate(
        [
            np.full(has_intake.sum(), len(NOTE_CHANNELS)),
            np.full(told.sum(), len(NOTE_CHANNELS) + 1),
            rng.choice(len(NOTE_CHANNELS), len(who), p=(0.35, 0.3, 0.2, 0.05, 0.1)),
        ]
    )
    topic = np.concatenate(
        [
            np.full(has_intake.sum(), len(NOTE_TOPICS)),
            np.full(told.sum(), len(NOTE_TOPICS) + 1),
            rng.integers(0, len(NOTE_TOPICS), len(who)),
        ]
    )
    order = np.lexsort((day, client))
    client = client[order]
    return Notes(
        client=client,
        occurred_on=_dates(people.permit[client] + day[order]),
        channel=_labels(channels, channel[order]),
        topic=_labels(topics, topic[order]),
    )


def _occupation_sampler(region: RegionInput) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Occupation ids and two probability vectors (lower and higher educated) over them."""
    ids = np.asarray(region.occupation_ids, dtype=np.int64)
    major = np.array([int(code[0]) if code and code[0].isdigit() else 9 for code in region.occupation_isco])
    probabilities = []
    for share in (ISCO_MAJOR_SHARE_LOW, ISCO_MAJOR_SHARE_HIGH):
        per_group = np.bincount(major, minlength=10)
        weights = np.asarray(share)[major] / np.maximum(per_group[major], 1)
        if weights.sum() == 0:
            weights = np.ones(len(ids))
        probabilities.append(weights / weights.sum())
    return ids, probabilities[0], probabilities[1]


def _work_experience(
    rng: np.random.Generator, people: _People, region: RegionInput, country_of_birth: np.ndarray
) -> tuple[WorkExperiences, WishedOccupations]:
    n = people.n
    everyone = np.arange(n)
    has_intake = people.first_intake <= people.horizon
    ids, low, high = _occupation_sampler(region)
    if len(ids) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return (
            WorkExperiences(client=empty, occupation=empty, years=np.zeros(0), country=np.zeros(0, "U2")),
            WishedOccupations(client=empty, occupation=empty),
        )
    none_p = np.where(people.female, 0.55, np.where(people.age < 22, 0.5, 0.2))
    draw = rng.random(n)
    count = np.select([draw < none_p, draw < none_p + (1 - none_p) * 0.75], [0, 1], 2) * has_intake
    client = np.repeat(everyone, count)
    higher = people.isced[client] >= 5
    occupation = np.where(
        higher, ids[rng.choice(len(ids), len(client), p=high)], ids[rng.choice(len(ids), len(client), p=low)]
    )
    working_years = np.maximum(people.age[client] - 16, 1)
    years = np.round(np.minimum(rng.gamma(1.8, 2.5, len(client)) + 0.5, working_years), 1)
    experience = WorkExperiences(
        client=client, occupation=occupation, years=years, country=country_of_birth[client].astype("U2")
    )
    # A wish per client: the former occupation for most who have one, else a job within reach.
    first_row = np.searchsorted(client, everyone)
    has_experience = count > 0
    wished = np.where(
        has_experience & (rng.random(n) < 0.6),
        occupation[np.minimum(first_row, max(len(client) - 1, 0))] if len(client) else 0,
        ids[rng.choice(len(ids), n, p=low)],
    )
    chosen = everyone[has_intake]
    return experience, WishedOccupations(client=chosen, occupation=wished[chosen])


def _identity(rng: np.random.Generator, people: _People, region: RegionInput) -> dict[str, np.ndarray]:
    n = people.n
    nationality = np.asarray(NATIONALITIES)[people.nationality]
    gender = np.where(people.female, "female", "male")
    first_name = np.empty(n, dtype="U20")
    last_name = np.empty(n, dtype="U20")
    for code in NATIONALITIES:
        names = NAMES[NAME_GROUP[code]]
        for sex in ("male", "female"):
            who = np.flatnonzero((nationality == code) & (gender == sex))
            first_name[who] = _pick(rng, names[sex], len(who))
        who = np.flatnonzero(nationality == code)
        last_name[who] = _pick(rng, names["last"], len(who))

    country = nationality.copy()
    languages = np.empty(n, dtype="U12")
    other_languages = np.empty(n, dtype="U30")
    english = rng.random(n) < 0.04 + 0.09 * people.isced
    english_level = _pick(rng, ("A2", "B1", "B2"), n, (0.4, 0.4, 0.2))
    for code in NATIONALITIES:
        who = np.flatnonzero(nationality == code)
        if code in BORN_ELSEWHERE:
            places, chances = BORN_ELSEWHERE[code]
            draw = rng.random(len(who))
            edges = np.cumsum(chances)
            for place, low_edge, high_edge in zip(places, edges - np.asarray(chances), edges, strict=True):
                country[who[(draw >= low_edge) & (draw < high_edge)]] = place
        options, weights, second, second_chance = LANGUAGES[code]
        first = _pick(rng, options, len(who), weights)
        has_second = (rng.random(len(who)) < second_chance) & (first != second)
        spoken = np.where(has_second, np.char.add(np.char.add(first, ","), second), first)
        with_english = english[who]
        languages[who] = np.where(with_english, np.char.add(spoken, ",en"), spoken)
        levels = np.char.add(first, "=C2")
        levels = np.where(
            has_second, np.char.add(levels, np.char.add(np.char.add(",", second), "=B2")), levels
        )
        other_languages[who] = np.where(
            with_english, np.char.add(np.char.add(levels, ",en="), english_level[who]), levels
        )

    municipality_weights = np.asarray(region.municipality_weights, dtype=float)
    municipality = rng.choice(
        len(municipality_weights), n, p=municipality_weights / municipality_weights.sum()
    )
    postcode = np.full(n, "", dtype="U6")
    letters = np.array(list("ABCDEGHJKLMNPRSTVWXZ"))
    suffix = np.char.add(letters[rng.integers(0, len(letters), n)], letters[rng.integers(0, len(letters), n)])
    for index, areas in enumerate(region.postcodes):
        who = np.flatnonzero(municipality == index)
        if len(areas) and len(who):
            postcode[who] = np.char.add(_pick(rng, list(areas), len(who)), suffix[who])
    ids = rng.integers(0, 256, (n, 16), dtype=np.uint8)
    ids[:, 6] = (ids[:, 6] & 0x0F) | 0x40  # UUID version 4
    ids[:, 8] = (ids[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    return {
        "ids": ids,
        "first_name": first_name,
        "last_name": last_name,
        "gender": gender,
        "nationality": nationality,
        "country_of_birth": country,
        "languages": languages,
        "other_languages": other_languages,
        "municipality": municipality,
        "postcode": postcode,
    }


def _intake(
    rng: np.random.Generator, people: _People, intake_updates: IntakeUpdates
) -> dict[str, np.ndarray]:
    n = people.n
    has_intake = people.first_intake <= people.horizon
    last_update = np.full(n, np.datetime64("NaT", "D"))
    if len(intake_updates):
        np.maximum.at(
            last_update.view("int64"), intake_updates.client, intake_updates.occurred_on.view("int64")
        )
    first_date = _dates(people.permit + people.first_intake, has_intake)
    intake_date = np.where(np.isnat(last_update), first_date, last_update)
    day = np.where(
        np.isnat(intake_date),
        people.first_intake,
        intake_date.astype("datetime64[D]").astype(np.int64) - people.permit,
    )
    level = people.dutch_level(np.arange(n), day)
    literacy = people.circumstances[:, CIRCUMSTANCES.index("literacy")]

    def rank(offset: np.ndarray | float) -> np.ndarray:
        return np.clip(np.floor(level + offset), 0, 5).astype(np.int8)

    years = day / DAYS_PER_YEAR
    licence = rng.random(n) < np.where(people.female, 0.06, 0.25) + 0.05 * years
    with_children = np.isin(
        people.household, [HOUSEHOLDS.index("single_parent"), HOUSEHOLDS.index("couple_with_children")]
    )
    hours = np.where(
        people.female & with_children,
        rng.choice([12, 16, 20, 24], n),
        np.where(people.female, rng.choice([20, 24, 28, 32], n), rng.choice([24, 32, 36, 40], n)),
    )
    # Every combination of circumstances as a bit pattern, so the strings are built once per pattern.
    combinations = [
        ",".join(name for bit, name in enumerate(CIRCUMSTANCES) if code >> bit & 1) for code in range(256)
    ]
    circumstances = _labels(combinations, people.circumstances @ (1 << np.arange(len(CIRCUMSTANCES))))
    diploma = (people.isced >= 2) & (rng.random(n) < np.where(people.isced >= 3, 0.8, 0.5))
    recognition = np.where(
        diploma & (people.isced >= 3),
        _pick(rng, RECOGNITIONS, n, (0.3, 0.2, 0.35, 0.15)),
        np.where(diploma, "not_requested", "none"),
    )
    first_sector = rng.integers(0, len(SECTORS), n)
    second_sector = rng.integers(0, len(SECTORS), n)
    two = (rng.random(n) < 0.5) & (second_sector != first_sector)
    sector_labels = [*SECTORS, *(f"{first},{second}" for first in SECTORS for second in SECTORS)]
    sectors = _labels(
        sector_labels, np.where(two, len(SECTORS) * (1 + first_sector) + second_sector, first_sector)
    )
    return {
        "has_intake": has_intake,
        "first_intake_date": first_date,
        "intake_date": intake_date,
        "dutch_listening": rank(0.35),
        "dutch_speaking": rank(0.15),
        "dutch_reading": rank(np.where(literacy, -0.6, -0.05)),
        "dutch_writing": rank(np.where(literacy, -0.8, -0.35)),
        "limiting_circumstances": circumstances,
        "driving_licence": licence,
        "hours_available": hours,
        "max_travel_minutes": rng.choice([30, 45, 60], n, p=[0.4, 0.4, 0.2]),
        "route_advice": np.asarray(ROUTES)[people.route],
        "wished_sectors": sectors,
        "first_sector": FIRST_SECTOR + first_sector,
        "isced": people.isced,
        "education_years": np.asarray((1, 6, 9, 12, 13, 14, 16, 18))[people.isced]
        + rng.integers(-1, 2, n) * (people.isced > 0),
        "education_field": np.where(people.isced >= 3, _pick(rng, EDUCATION_FIELDS, n), ""),
        "diploma": diploma,
        "recognition": recognition,
    }
