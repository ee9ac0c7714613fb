"""Stage 4: the demo catalogue's interventions, each with a known effect on its participants.

Who takes part
    For each intervention of :data:`PLANTED` in turn, clients with an intake and a plan whose learning
    route and Dutch level fit it, and who take part in no other, join with a chance that depends only
    on what the case file records: gender, the Dutch level of the intake (lowest of the four skills)
    and whether any limiting circumstance is recorded. Men, better Dutch and no limiting circumstance
    mean taking part more often — the very groups that find work sooner anyway — so a naive comparison
    of participants and others flatters every intervention, while a comparison weighted on the recorded
    profile can find the truth. Taking part never depends on how a person's work went, so the planted
    effect is the only difference left once the profile is accounted for. The start lies 1 to 18 months
    after the first plan; only interventions that have started by ``today`` are written.

What it does (the planted effect)
    The histories of stage 2 are what would have happened without the intervention. A participant is
    *helped* with the chance ``helped``: an intervention that leads to work gives a helped participant
    who is not in work ``delay_months`` after the start a job from then on, for ``work_months``, ended
    early where the job they would have found anyway begins; job coaching keeps a helped participant
    who is in work at the start in work for ``work_months`` after that job would have ended. Social
    assistance pauses while the planted job lasts. The true effect on the participants (what the
    estimator estimates) is then counted exactly: the share of participants followed that long who are
    in work (on assistance) ``h`` months after their start with the intervention, minus the same share
    without it, for h = 6, 12 and 24 (:class:`PlantedEffect`). ``docs/demo.md`` lists the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from werkroute.demo.simulation.calibration import DAYS_PER_MONTH, ROUTE_B1, ROUTE_ONDERWIJS, ROUTE_Z
from werkroute.demo.simulation.case_file import _labels
from werkroute.demo.simulation.composition import ACTIVITY_PROVIDER
from werkroute.demo.simulation.histories import _Histories
from werkroute.demo.simulation.people import _People
from werkroute.demo.simulation.rows import Activities, _dates

HORIZONS = (6, 12, 24)
# Log-odds of taking part per step of recorded Dutch (A0 = 0 … C2 = 6) and with a limiting circumstance.
DUTCH_SELECTION = 0.35
LIMITED_SELECTION = -0.7
OPEN = 2**40  # beyond any day; small enough that adding a few years cannot overflow


@dataclass(frozen=True)
class Planted:
    """One demo intervention as the simulation plants it (the catalogue's text is in ``demo/knowledge.py``)."""

    code: str
    activity_type: str
    routes: tuple[int, ...]
    dutch: tuple[int, int]  # recorded Dutch ranks that fit, inclusive
    intercept: float  # log-odds of taking part for a woman at A0 without limiting circumstances
    male: float  # added for a man
    helped: float  # chance that a participant is helped (see the module docstring)
    delay_months: tuple[int, int]
    work_months: tuple[int, int]
    activity_days: tuple[int, int]
    hours: int
    keeps_work: bool = False


ALL_ROUTES = (ROUTE_B1, ROUTE_ONDERWIJS, ROUTE_Z)
PLANTED = (
    Planted("demo-duaal-taal-en-werk", "dual_trajectory", (ROUTE_B1,), (1, 3), -2.3, 0.9, 0.35, (3, 9), (12, 36), (180, 365), 24),
    Planted("demo-werkervaring-met-begeleiding", "work_placement", (ROUTE_B1, ROUTE_Z), (0, 6), -2.6, 0.8, 0.2, (3, 6), (6, 24), (90, 182), 20),
    Planted("demo-sollicitatietraining-in-groep", "job_application_training", ALL_ROUTES, (2, 6), -2.4, 0.6, 0.1, (1, 4), (6, 24), (56, 70), 4),
    Planted("demo-vakopleiding-zorg", "vocational_training", (ROUTE_B1, ROUTE_ONDERWIJS), (2, 6), -2.8, -0.6, 0.3, (11, 14), (24, 48), (300, 365), 32),
    Planted("demo-jobcoach-na-plaatsing", "job_coaching", ALL_ROUTES, (0, 6), -2.5, 0.7, 0.6, (0, 0), (6, 18), (120, 182), 1, True),
    Planted("demo-taal-en-kinderopvang", "language_course", (ROUTE_B1, ROUTE_Z), (0, 2), -2.0, -1.2, 0.0, (0, 0), (0, 0), (240, 300), 9),
    Planted("demo-vrijwilligerswerk-als-opstap", "volunteering", (ROUTE_Z, ROUTE_B1), (0, 6), -2.6, 0.5, 0.08, (4, 10), (6, 24), (180, 365), 6),
)  # fmt: skip


@dataclass
class PlantedEffect:
    """The truth about one intervention: its participants (client, start in days since the permit,
    activity end or -1 while running) and the true effect on them per outcome and horizon (``None``:
    nobody followed that long)."""

    code: str
    client: np.ndarray
    start: np.ndarray
    end: np.ndarray
    helped: np.ndarray
    true_effect: dict[str, dict[int, float | None]] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return len(self.client)


def _rows(spell_client: np.ndarray, clients: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For every spell: the row of ``clients`` it belongs to, and whether it belongs to any."""
    position = np.full(n, -1, dtype=np.int64)
    position[clients] = np.arange(len(clients))
    row = position[spell_client]
    return row, row >= 0


def _on(spell_client: np.ndarray, start: np.ndarray, end: np.ndarray, clients: np.ndarray, days: np.ndarray, n: int) -> np.ndarray:  # fmt: skip
    """Per row: does a spell of ``clients[row]`` cover ``days[row]``? Each client appears once."""
    return _covering_end(spell_client, start, end, clients, days, n) >= 0


def _next_start(spell_client: np.ndarray, start: np.ndarray, clients: np.ndarray, days: np.ndarray, n: int) -> np.ndarray:  # fmt: skip
    """Per row: the first spell start of ``clients[row]`` after ``days[row]`` (OPEN if none)."""
    row, mine = _rows(spell_client, clients, n)
    row, start = row[mine], start[mine]
    later = start > days[row]
    result = np.full(len(clients), OPEN, dtype=np.int64)
    np.minimum.at(result, row[later], start[later])
    return result


def _covering_end(spell_client: np.ndarray, start: np.ndarray, end: np.ndarray, clients: np.ndarray, days: np.ndarray, n: int) -> np.ndarray:  # fmt: skip
    """Per row: the last day of the spell of ``clients[row]`` that covers ``days[row]`` (-1 if none)."""
    row, mine = _rows(spell_client, clients, n)
    row, start, end = row[mine], start[mine], end[mine]
    covering = (start <= days[row]) & (days[row] <= end)
    result = np.full(len(clients), -1, dtype=np.int64)
    np.maximum.at(result, row[covering], end[covering])
    return result


def plant_interventions(
    rng: np.random.Generator,
    people: _People,
    histories: _Histories,
    dutch: np.ndarray,
    route: np.ndarray,
    has_intake: np.ndarray,
) -> list[PlantedEffect]:
    """Choose the participants of every intervention of :data:`PLANTED` and change ``histories`` in place
    by the planted effect; ``dutch`` is the recorded Dutch rank, ``route`` the current learning route."""
    n = people.n
    limited = people.circumstances.any(axis=1)
    male = ~people.female
    taken = np.zeros(n, dtype=bool)
    # Ended spells only count up to their end; open ones (-1) go on for ever.
    results = []
    for item in PLANTED:
        work_end = np.where(histories.work_end < 0, OPEN, histories.work_end)
        assistance_end = np.where(histories.assistance_end < 0, OPEN, histories.assistance_end)
        eligible = (
            has_intake
            & (people.first_plan <= people.horizon)
            & np.isin(route, item.routes)
            & (dutch >= item.dutch[0])
            & (dutch <= item.dutch[1])
            & (people.age < 55)
            & ~taken
        )
        logit = item.intercept + item.male * male + DUTCH_SELECTION * dutch + LIMITED_SELECTION * limited
        joins = eligible & (rng.random(n) < 1 / (1 + np.exp(-logit)))
        start = people.first_plan + rng.integers(30, 548, n)
        members = np.flatnonzero(joins & (start <= people.horizon))
        taken[members] = True
        start = start[members]
        horizon = people.horizon[members]
        length = rng.integers(item.activity_days[0], item.activity_days[1] + 1, len(members))
        end = np.where(start + length - 1 <= horizon, start + length - 1, -1)

        helped = rng.random(len(members)) < item.helped
        months = rng.integers(item.work_months[0], item.work_months[1] + 1, len(members))
        if item.keeps_work:
            job_end = _covering_end(histories.work_client, histories.work_start, work_end, members, start, n)
            first = np.where((job_end >= 0) & (job_end < OPEN), job_end + 1, OPEN)
        else:
            delay = rng.integers(item.delay_months[0], item.delay_months[1] + 1, len(members))
            first = start + np.floor(delay * DAYS_PER_MONTH).astype(np.int64)
            working = _on(histories.work_client, histories.work_start, work_end, members, first, n)
            first = np.where(working, OPEN, first)
        # A job that begins on the planted job's first day is the one found anyway: it ends the planted one.
        following = _next_start(histories.work_client, histories.work_start, members, first - 1, n)
        last = np.minimum(first + np.floor(months * DAYS_PER_MONTH).astype(np.int64) - 1, following - 1)
        helped &= (first <= horizon) & (last >= first)
        first, last = first[helped], np.where(last[helped] >= horizon[helped], OPEN, last[helped])
        who = members[helped]

        effect: dict[str, dict[int, float | None]] = {"paid_work": {}, "social_assistance": {}}
        for months_after in HORIZONS:
            day = start + round(months_after * DAYS_PER_MONTH)
            followed = day <= horizon
            covered = np.zeros(len(members), dtype=bool)
            covered[helped] = (first <= day[helped]) & (day[helped] <= last)
            in_work = _on(histories.work_client, histories.work_start, work_end, members, day, n)
            assisted = _on(
                histories.assistance_client, histories.assistance_start, assistance_end, members, day, n
            )
            count = int(followed.sum())
            effect["paid_work"][months_after] = (
                float((covered & ~in_work)[followed].sum() / count) if count else None
            )
            effect["social_assistance"][months_after] = (
                -float((covered & assisted)[followed].sum() / count) if count else None
            )
        _add_work(histories, who, first, last, people.horizon)
        results.append(PlantedEffect(item.code, members, start, end, helped, effect))
    return results


def _add_work(histories: _Histories, who: np.ndarray, first: np.ndarray, last: np.ndarray, horizon: np.ndarray) -> None:  # fmt: skip
    """Paid work for ``who`` from ``first`` to ``last`` (OPEN: still working today), with social assistance
    paused meanwhile."""
    if len(who) == 0:
        return
    count = len(who)
    histories.work_client = np.concatenate([histories.work_client, who])
    histories.work_kind = np.concatenate([histories.work_kind, np.zeros(count, np.int64)])
    histories.work_start = np.concatenate([histories.work_start, first])
    histories.work_end = np.concatenate([histories.work_end, np.where(last == OPEN, -1, last)])
    histories.work_hours = np.concatenate([histories.work_hours, np.full(count, 32, np.int64)])
    histories.work_contract = np.concatenate([histories.work_contract, np.zeros(count, np.int64)])

    client, start = histories.assistance_client, histories.assistance_start
    end = np.where(histories.assistance_end < 0, OPEN, histories.assistance_end)
    row, planted = _rows(client, who, len(horizon))
    job_first = np.where(planted, first[np.maximum(row, 0)], OPEN)
    job_last = np.where(planted, last[np.maximum(row, 0)], OPEN)
    overlaps = planted & (start <= job_last) & (end >= job_first)
    keep = ~overlaps
    before = overlaps & (start <= job_first - 1)
    after = overlaps & (job_last < OPEN) & (end >= job_last + 1)
    new_client = np.concatenate([client[keep], client[before], client[after]])
    new_start = np.concatenate([start[keep], start[before], job_last[after] + 1])
    new_end = np.concatenate([end[keep], job_first[before] - 1, end[after]])
    histories.assistance_client = new_client
    histories.assistance_start = new_start
    histories.assistance_end = np.where(new_end == OPEN, -1, new_end)


def with_planted_activities(
    activities: Activities, planted: list[PlantedEffect], people: _People
) -> Activities:
    """``activities`` with one more activity per participant: the one that carries out the intervention."""
    parts = [activities.columns()]
    for item, effect in zip(PLANTED, planted, strict=True):
        count = effect.participants
        parts.append(
            {
                "client": effect.client,
                "activity_type": _labels((item.activity_type,), np.zeros(count, dtype=np.int64)),
                "start": _dates(people.permit[effect.client] + effect.start),
                "end": _dates(people.permit[effect.client] + effect.end, effect.end >= 0),
                "status": _labels(("active", "completed"), (effect.end >= 0).astype(np.int64)),
                "stop_reason": _labels(("",), np.zeros(count, dtype=np.int64)),
                "hours": np.full(count, item.hours, dtype=np.int64),
                "provider": _labels(
                    (ACTIVITY_PROVIDER[item.activity_type],), np.zeros(count, dtype=np.int64)
                ),
                "detail": _labels(("",), np.zeros(count, dtype=np.int64)),
                "led_to_job": np.zeros(count, dtype=bool),
                "intervention": _labels((item.code,), np.zeros(count, dtype=np.int64)),
            }
        )
    columns = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    order = np.lexsort((columns["start"], columns["client"]))
    return Activities(**{name: values[order] for name, values in columns.items()})
