"""The CBS figures the demo is calibrated to, and every number that shapes its outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EPOCH = dt.date(1970, 1, 1)
DAYS_PER_MONTH = 30.4375
DAYS_PER_YEAR = 365.25

# ---------------------------------------------------------------------------------------------------------
# Targets: the CBS figures of DESIGN.md ("Calibration facts for the demo").
# Share of a permit cohort in paid work (employee or self-employed, age 18-65) at months after the permit.
# Sources: CBS, Cohortonderzoek asiel en integratie (cohort 2014: 18, 30, 72, 96 months; cohorts 2019 and
# 2020), SER, "Integratie door werk" (2019) for the 2014 cohort at 4.5 years.
# ---------------------------------------------------------------------------------------------------------
CBS_TARGETS: dict[tuple[int, int], float] = {
    (2014, 18): 0.04,
    (2014, 30): 0.11,
    (2014, 54): 0.25,
    (2014, 72): 0.43,
    (2014, 96): 0.45,
    (2019, 30): 0.20,
    (2020, 36): 0.31,
}
# Secondary facts, reported but not fitted: cohort 2014 on a benefit (CBS).
CBS_BENEFIT_FACTS: dict[tuple[int, int], float] = {(2014, 18): 0.90, (2014, 30): 0.84}

# Kinds, contract types, activity types and statuses use the values of the Django choices in
# werkroute.cases.models, as plain strings, so that the loader can write them as they are.
PAID_WORK, SELF_EMPLOYMENT, EDUCATION, SOCIAL_ASSISTANCE = (
    "paid_work",
    "self_employment",
    "education",
    ("social_assistance"),
)
WORK_KINDS = (PAID_WORK, SELF_EMPLOYMENT)
CONTRACT_TYPES = ("fixed_term", "agency", "on_call", "permanent", "subsidised")
NATIONALITIES = ("SY", "ER", "AF", "TR", "IQ", "YE", "SO", "IR")
CEFR_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
ROUTES = ("B1", "ONDERWIJS", "Z")
ROUTE_B1, ROUTE_ONDERWIJS, ROUTE_Z = 0, 1, 2
CIRCUMSTANCES = (
    "physical_health",
    "mental_health",
    "childcare",
    "debts",
    "housing",
    "family_reunification",
    "transport",
    "literacy",
)
HOUSEHOLDS = ("single", "single_parent", "couple", "couple_with_children", "family_reunification")


@dataclass(frozen=True)
class Calibration:
    """Every number that shapes how fast people find and keep work. Multipliers act on the monthly hazard
    of starting work and are relative to the reference person: a man of 25-34, Syrian, ISCED 2-4, without
    limiting circumstances, at Dutch level A0, average frailty, cohort 2014.

    ``hazard_knot_values`` and ``cohort_factor`` are fitted by :func:`fit_calibration` (200,000 people per
    cohort, seed 2014); the other numbers are set by hand from the sources named in the comments, or are
    plausible assumptions where no source gives a number (marked "assumption").
    """

    # Baseline monthly hazard at these months since the permit; log-linear in between, flat after the last.
    # The knots sit at the 2014 targets, so each is pinned by one CBS figure. The peak at 72 months is what
    # the climb from 25% (4.5 years, SER) to 43% (6 years, CBS) takes while jobs also end.
    hazard_knot_months: tuple[int, ...] = (0, 18, 30, 54, 72, 96)
    hazard_knot_values: tuple[float, ...] = (0.003939, 0.007878, 0.01677, 0.01675, 0.06306, 0.02057)
    # Later cohorts find work faster (CBS: cohort 2019 at 30 months 20%, cohort 2020 at 36 months 31%).
    # Linear between the anchor years; before the first and after the last the nearest anchor holds.
    cohort_factor: tuple[tuple[int, float], ...] = ((2014, 1.0), (2019, 2.028), (2020, 2.557))
    # CBS: Syrians after 3-4 years, 11% of women vs 45% of men in work (ratio ~4).
    female: float = 0.26
    # By age at the permit: 18-24, 25-34, 35-44, 45-54, 55+ (CBS: older refugees work far less often).
    age_bands: tuple[int, ...] = (18, 25, 35, 45, 55)
    age: tuple[float, ...] = (1.1, 1.0, 0.8, 0.5, 0.25)
    # CBS cohort study: Eritreans and Turks in work more often, Somalis and Iraqis less (order, not size).
    nationality: tuple[float, ...] = (1.0, 1.15, 1.0, 1.4, 0.85, 1.0, 0.7, 1.0)
    # By ISCED level 0-7; low education slows, higher education speeds up a little (assumption).
    education: tuple[float, ...] = (0.7, 0.75, 1.0, 1.0, 1.0, 1.1, 1.1, 1.1)
    # Per limiting circumstance, in the order of CIRCUMSTANCES (assumption; health weighs most).
    circumstance: tuple[float, ...] = (0.55, 0.55, 0.65, 0.85, 0.9, 0.85, 0.9, 0.75)
    # Per CEFR step of Dutch, up to B1 (SER 2019: language is the first barrier): exp(beta * level).
    dutch_per_level: float = 0.35
    # Unobserved heterogeneity: gamma with mean 1 and this shape (variance 1/shape).
    frailty_shape: float = 1.5
    # After earlier work in the Netherlands, the next job comes faster (assumption).
    worked_before: float = 2.0
    # Student jobs while in education; more after a diploma (assumption).
    in_education: float = 0.4
    after_diploma: float = 1.8
    # Jobs: contract type shares of new jobs (CBS/SER: mostly temporary, agency and on-call work) and the
    # median duration in months (lognormal with the sigma below).
    contract_share: tuple[float, ...] = (0.42, 0.28, 0.14, 0.08, 0.08)
    contract_median_months: tuple[float, ...] = (12.0, 6.0, 9.0, 60.0, 24.0)
    duration_sigma: float = 0.8
    self_employment_share: float = 0.03
    self_employment_median_months: float = 36.0
    job_to_job: float = 0.3
    # Hours per week of new jobs: mostly part-time (SER 2019).
    hours: tuple[int, ...] = (8, 12, 16, 20, 24, 28, 32, 36, 38, 40)
    hours_share_men: tuple[float, ...] = (0.03, 0.05, 0.09, 0.12, 0.14, 0.11, 0.14, 0.14, 0.08, 0.10)
    hours_share_women: tuple[float, ...] = (0.08, 0.12, 0.18, 0.18, 0.16, 0.10, 0.08, 0.05, 0.03, 0.02)
    # Social assistance: share receiving it from registration; chance that it continues as a
    # supplementary benefit beside work of <24, 24-31, >=32 hours and beside self-employment; chance
    # that it restarts after a job or education ends. Tuned to CBS: 90% of cohort 2014 on a benefit at
    # 18 months, 84% at 30 months.
    assistance_at_registration: float = 0.97
    supplementary: tuple[float, ...] = (0.8, 0.45, 0.1)
    supplementary_self_employed: float = 0.5
    assistance_restart: float = 0.85


CALIBRATION = Calibration()


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())
