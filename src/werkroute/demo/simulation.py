"""A seeded simulation of statushouders in one labour market region, for the demo and for load tests.

The simulation draws ``n_clients`` synthetic people with a residence permit in the cohorts 2016-2025 and
follows each of them from the permit to ``today``: registration in a municipality, the brede intake, the
PIP and its yearly revisions, activities, and the labour market spells (social assistance, education,
paid work, self-employment). It imports nothing from Django: the input is plain data about the region
(:class:`RegionInput`), the output plain column arrays (:class:`Population`), which
:mod:`werkroute.demo.loader` writes to the database.

How work is found
    Time runs in steps of one month since the permit date. A person who is registered, below 65 and not
    working starts a job in a step with probability ``1 - exp(-h)``, where the hazard ``h`` is a baseline
    that depends on the months since the permit (:attr:`Calibration.hazard_knot_values`) times
    multipliers: the cohort, gender, age, nationality, education, limiting circumstances, the current
    Dutch level (which grows with time since the language course started), being in or having finished
    education, earlier work in the Netherlands, and a person's own unobserved "frailty" (gamma
    distributed). Jobs end: each has a contract type with its own duration distribution, and after a job
    some move straight to another one. Social assistance (bijstand) starts at registration, ends when work
    pays enough (part-time work often keeps a supplementary benefit), restarts when a job ends.

Calibration
    The baseline hazard and the cohort factors were fitted (:func:`fit_calibration`) so that the share of
    a cohort in work at a number of months after the permit matches the CBS figures in
    :data:`CBS_TARGETS`. That share is a *stock*: people with an open paid-work or self-employment spell
    on that day, as CBS counts "werkzaam als werknemer of zelfstandige"; people also lose jobs. All
    numbers that shape the outcomes live in :class:`Calibration` and in the "population composition"
    section below, each with where it comes from. ``docs/demo.md`` has the table of targets against
    simulated shares.

Reproducibility
    Everything random comes from one ``numpy.random.SeedSequence(seed)``, split into independent streams
    per stage, and ``today`` is a parameter: the same seed, size, region and ``today`` give the same
    population, including the client ids.

Run ``python -m werkroute.demo.simulation`` for the calibration table, ``--fit`` to refit.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

EPOCH = dt.date(1970, 1, 1)
DAYS_PER_MONTH = 30.4375
DAYS_PER_YEAR = 365.25

# ---------------------------------------------------------------------------------------------------------
# Targets: the CBS figures of docs/design.md ("Calibration facts for the demo").
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


# ---------------------------------------------------------------------------------------------------------
# Population composition. Rounded approximations of IND/CBS asylum and family reunification permits;
# they shape the demo's look, not its calibration (the fit runs on the same composition).
# ---------------------------------------------------------------------------------------------------------
# Permits per year in thousands (asylum + family reunification, rounded; 2025 an estimate).
COHORT_SIZE = {
    2014: 25,
    2015: 33,
    2016: 43,
    2017: 25,
    2018: 16,
    2019: 14,
    2020: 13,
    2021: 20,
    2022: 30,
    2023: 38,
    2024: 40,
    2025: 30,
    2026: 25,
}
# Nationality mix (order of NATIONALITIES) by cohort period: Syrians and Eritreans dominate 2014-2016,
# Turks arrive after 2016, Afghans after August 2021, Yemenis from about 2019.
NATIONALITY_MIX = {
    2014: (0.55, 0.25, 0.04, 0.01, 0.05, 0.01, 0.05, 0.04),
    2017: (0.40, 0.18, 0.07, 0.10, 0.06, 0.04, 0.07, 0.08),
    2020: (0.45, 0.08, 0.10, 0.12, 0.04, 0.07, 0.09, 0.05),
    2022: (0.45, 0.10, 0.10, 0.12, 0.03, 0.10, 0.07, 0.03),
}
MALE_SHARE = (0.60, 0.60, 0.56, 0.58, 0.60, 0.70, 0.50, 0.60)
# ISCED 0-7 by nationality (order of NATIONALITIES); women one level lower with probability 0.25.
ISCED_MIX = (
    (0.08, 0.17, 0.25, 0.22, 0.04, 0.04, 0.15, 0.05),
    (0.20, 0.30, 0.25, 0.15, 0.03, 0.03, 0.04, 0.00),
    (0.25, 0.20, 0.20, 0.17, 0.03, 0.03, 0.10, 0.02),
    (0.02, 0.05, 0.08, 0.20, 0.05, 0.05, 0.40, 0.15),
    (0.12, 0.18, 0.22, 0.20, 0.04, 0.04, 0.15, 0.05),
    (0.10, 0.18, 0.22, 0.22, 0.04, 0.04, 0.16, 0.04),
    (0.35, 0.25, 0.18, 0.12, 0.03, 0.03, 0.04, 0.00),
    (0.04, 0.08, 0.15, 0.25, 0.05, 0.05, 0.30, 0.08),
)
# Country of birth other than the nationality: Afghans born in Iran, Eritreans in Ethiopia or Sudan,
# Somalis in Kenya or Ethiopia.
BORN_ELSEWHERE = {
    "AF": (("IR",), (0.2,)),
    "ER": (("ET", "SD"), (0.08, 0.04)),
    "SO": (("KE", "ET"), (0.1, 0.05)),
}
# Languages: (first language options, their weights, second language, its chance).
LANGUAGES = {
    "SY": (("ar",), (1.0,), "ku", 0.15),
    "ER": (("ti",), (1.0,), "ar", 0.2),
    "AF": (("fa", "ps"), (0.7, 0.3), "ps", 0.25),
    "TR": (("tr",), (1.0,), "ku", 0.2),
    "IQ": (("ar", "ku"), (0.75, 0.25), "ar", 0.3),
    "YE": (("ar",), (1.0,), "", 0.0),
    "SO": (("so",), (1.0,), "ar", 0.2),
    "IR": (("fa",), (1.0,), "ku", 0.1),
}
# Household by gender and age (<25, 25+), in the order of HOUSEHOLDS.
HOUSEHOLD_MIX = {
    ("male", 0): (0.75, 0.00, 0.05, 0.08, 0.12),
    ("male", 1): (0.35, 0.02, 0.10, 0.28, 0.25),
    ("female", 0): (0.35, 0.15, 0.15, 0.35, 0.00),
    ("female", 1): (0.12, 0.25, 0.10, 0.50, 0.03),
}
# The size of each municipality's share of the region's task (taakstelling) follows its population;
# the caller passes the weights.

# Plausible first and last names per language group (Eritrean and Somali last names are a father's
# first name, as in those countries).
NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "arabic": {
        "male": _words(
            "Mohammed Ahmad Omar Khaled Hassan Ali Mahmoud Youssef Ibrahim Mustafa Samer Rami "
            "Bashar Tarek Fadi Hussein Abdullah Karim Majd Anas"
        ),
        "female": _words(
            "Fatima Aya Rania Noor Lina Hiba Rasha Amal Maryam Layla Dima Reem Salma Huda Zainab "
            "Ghada Sara Yasmin Asmaa Rawan"
        ),
        "last": _words(
            "Al-Ahmad Haddad Khalil Al-Hussein Nasser Darwish Hamdan Al-Khatib Suleiman Mansour "
            "Kassem Saleh Al-Masri Aziz Hamoud Al-Saadi Jaber Othman Barakat Al-Hamadi Qasim "
            "Al-Najjar"
        ),
    },
    "tigrinya": {
        "male": _words(
            "Yonas Tesfay Mebrahtu Dawit Amanuel Filmon Robel Habtom Kidane Samuel Berhane Tekle "
            "Goitom Merhawi Biniam"
        ),
        "female": _words(
            "Helen Senait Yordanos Selam Freweini Lidia Mebrat Saba Ruta Eden Hiwet Semhar Tsega Almaz Winta"
        ),
        "last": _words(
            "Tesfamariam Gebremedhin Haile Tekle Berhe Gebreyesus Kidane Woldu Habte Mehari "
            "Ghebremichael Ogbazghi Yohannes Weldemariam Asmerom"
        ),
    },
    "afghan": {
        "male": _words(
            "Ahmad Mohammad Hamid Farid Jawad Mustafa Omid Navid Nasir Javid Karim Sohrab Wahid "
            "Rahim Zabihullah"
        ),
        "female": _words(
            "Zahra Maryam Parisa Nilofar Farzana Roya Leila Sima Nargis Soraya Fereshteh Mursal "
            "Shabnam Fatima Marzia"
        ),
        "last": _words(
            "Ahmadi Hakimi Rahimi Noori Sultani Hashimi Karimi Safi Popal Wardak Stanikzai "
            "Haidari Sadat Amiri Mohammadi"
        ),
    },
    "persian": {
        "male": _words(
            "Reza Ali Hossein Mehdi Amir Omid Saeed Babak Kaveh Arash Dariush Hamed Majid Farhad Nima"
        ),
        "female": _words(
            "Fatemeh Zahra Maryam Shirin Mahsa Setareh Leila Nasrin Azadeh Parvaneh Golnar Mina "
            "Samira Neda Ladan"
        ),
        "last": _words(
            "Hosseini Mohammadi Rezaei Moradi Jafari Sadeghi Rahmani Kazemi Ebrahimi Ghorbani "
            "Azizi Nazari Tehrani Shirazi Karimi"
        ),
    },
    "turkish": {
        "male": _words(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Emre Murat Yusuf Burak Serkan Ömer Kemal Osman"
        ),
        "female": _words(
            "Ayşe Fatma Emine Zeynep Elif Hatice Merve Özlem Esra Büşra Sevgi Gül Derya Hülya Kübra"
        ),
        "last": _words(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Çetin Koç Kurt"
        ),
    },
    "somali": {
        "male": _words(
            "Abdi Mohamed Ahmed Abdirahman Hassan Farah Omar Abdullahi Yusuf Ismail Mahad Liban "
            "Abdiaziz Guled Bashir"
        ),
        "female": _words(
            "Hodan Faduma Amina Hawa Sahra Ayan Ifrah Halima Nimco Ubah Sagal Khadra Hibaq Ladan Muna"
        ),
        "last": _words(
            "Abdi Warsame Farah Hirsi Mohamud Osman Jama Ali Aden Dahir Nur Ibrahim Yusuf Egal Elmi"
        ),
    },
}
NAME_GROUP = {
    "SY": "arabic",
    "IQ": "arabic",
    "YE": "arabic",
    "ER": "tigrinya",
    "AF": "afghan",
    "IR": "persian",
    "TR": "turkish",
    "SO": "somali",
}

# Fictional employers in the region: (name, sector, is an employment agency).
EMPLOYERS: tuple[tuple[str, str, bool], ...] = (
    ("Schoonmaakbedrijf Waalzicht", "schoonmaak", False),
    ("Glansrijk Schoonmaakdiensten", "schoonmaak", False),
    ("Hotel De Ooij", "horeca", False),
    ("Restaurant Het Valkhof-plein", "horeca", False),
    ("Grand Café Lindenberg", "horeca", False),
    ("Cateringbedrijf Smaakvol Gelderland", "horeca", False),
    ("Distributiecentrum Wijchen-Noord", "logistiek", False),
    ("Koeriersdienst Snel Rijk", "logistiek", False),
    ("Supermarkt Dorpsplein Beuningen", "detailhandel", False),
    ("Bouwbedrijf Van Heumen en Zonen", "bouw", False),
    ("Installatiebedrijf Maasdelta", "techniek", False),
    ("Metaalbewerking Druten", "productie", False),
    ("Voedselproductie Betuwe Vers", "productie", False),
    ("Zorggroep Ooijpolder", "zorg", False),
    ("Thuiszorg Rijk van Nijmegen", "zorg", False),
    ("Kinderopvang Het Klimrek", "onderwijs", False),
    ("Fietsenmakerij De Spaak", "techniek", False),
    ("Tuinderij Groene Heuvels", "groen", False),
    ("Busvervoer Regio Nijmegen", "transport", False),
    ("Werkbureau Waal Uitzendgroep", "uitzendwerk", True),
    ("Flexwerk Gelderland", "uitzendwerk", True),
    ("Uitzendbureau Mook Personeel", "uitzendwerk", True),
)
SELF_EMPLOYMENT_NAMES = (
    "Eigen kapsalon",
    "Eigen koeriersbedrijf",
    "Eigen cateringbedrijf",
    "Eigen kleermakerij",
    "Eigen klusbedrijf",
    "Eigen taxibedrijf",
)
SECTORS = (
    "horeca",
    "schoonmaak",
    "logistiek",
    "bouw",
    "zorg",
    "techniek",
    "productie",
    "detailhandel",
    "onderwijs",
    "ict",
    "transport",
    "groen",
)
EDUCATION_FIELDS = (
    "economie en administratie",
    "techniek",
    "gezondheidszorg",
    "onderwijs",
    "ict",
    "rechten",
    "landbouw",
    "talen en letteren",
    "bouwkunde",
    "horeca en toerisme",
)
RECOGNITIONS = ("recognised", "requested", "not_requested", "no_documents")
SCHOOLS = ("ROC Waalstad", "Hogeschool Waalstad")
VOCATIONAL_COURSES = (
    "VCA",
    "heftruckcertificaat",
    "orderpicker",
    "helpende zorg en welzijn",
    "schoonmaakvakopleiding",
    "barista",
    "beveiliger 2",
)
# Share of ISCO major groups (1-9, 0 unused) among former occupations, for the lower and the higher
# educated (ISCED >= 5); refugees' earlier work: SER 2019, CBS "Statushouders en hun werk".
ISCO_MAJOR_SHARE_LOW = (0.0, 0.01, 0.01, 0.04, 0.04, 0.25, 0.08, 0.30, 0.12, 0.15)
ISCO_MAJOR_SHARE_HIGH = (0.0, 0.08, 0.40, 0.20, 0.12, 0.10, 0.00, 0.07, 0.03, 0.00)

# Activities: (value of ActivityType, provider kind the loader links it to).
ACTIVITY_PROVIDER = {
    "language_course": "language_school",
    "map": "language_school",
    "dual_trajectory": "language_school",
    "job_application_training": "reintegration",
    "work_placement": "reintegration",
    "vocational_training": "roc",
    "volunteering": "partner",
    "job_coaching": "reintegration",
    "after_care": "partner",
}
STOP_REASONS = ("health", "pregnancy", "childcare", "attendance", "other_route")
NOTE_TOPICS = (
    "check_in",
    "language_progress",
    "appointment",
    "childcare",
    "health",
    "housing",
    "work_search",
)
NOTE_CHANNELS = ("in_person", "phone", "message", "video", "home_visit")


# ---------------------------------------------------------------------------------------------------------
# Input and output
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionInput:
    """What the simulation needs to know about the region; the loader builds it from the database.

    ``postcodes[i]`` are the PC4 codes of municipality ``i`` (may be empty); ``occupation_isco`` are the
    ISCO-08 codes (first digit used) of ``occupation_ids``.
    """

    municipality_codes: Sequence[str]
    municipality_weights: Sequence[float]
    occupation_ids: Sequence[int]
    occupation_isco: Sequence[str]
    postcodes: Sequence[Sequence[str]] = ()


@dataclass
class Rows:
    """Rows of one kind as equal-length column arrays, sorted by ``client`` (an index into Population)."""

    client: np.ndarray

    def __post_init__(self) -> None:
        _compact_strings(self)

    def __len__(self) -> int:
        return len(self.client)

    def columns(self) -> dict[str, np.ndarray]:
        return {item.name: getattr(self, item.name) for item in dataclasses.fields(self)}

    def for_clients(self, start: int, stop: int) -> Any:
        """The rows of clients ``start`` to ``stop`` (exclusive), with client indexes unchanged."""
        lo, hi = np.searchsorted(self.client, [start, stop])
        return type(self)(**{name: column[lo:hi] for name, column in self.columns().items()})


@dataclass
class Episodes(Rows):
    """Labour market spells. ``end`` is NaT for an open spell; ``hours`` 0 and strings empty when unknown."""

    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray
    hours: np.ndarray
    contract: np.ndarray
    employer: np.ndarray


@dataclass
class Activities(Rows):
    """Activities. ``end`` is NaT while active; planned ones have future dates."""

    activity_type: np.ndarray
    start: np.ndarray
    end: np.ndarray
    status: np.ndarray
    stop_reason: np.ndarray
    hours: np.ndarray
    provider: np.ndarray
    detail: np.ndarray
    led_to_job: np.ndarray


@dataclass
class Plans(Rows):
    number: np.ndarray
    plan_date: np.ndarray
    route: np.ndarray
    review_date: np.ndarray
    reason: np.ndarray


@dataclass
class Notes(Rows):
    occurred_on: np.ndarray
    channel: np.ndarray
    topic: np.ndarray


@dataclass
class WorkExperiences(Rows):
    occupation: np.ndarray
    years: np.ndarray
    country: np.ndarray


@dataclass
class WishedOccupations(Rows):
    occupation: np.ndarray


@dataclass
class IntakeUpdates(Rows):
    occurred_on: np.ndarray


@dataclass
class Population:
    """The simulated clients: one array element per client, and row tables that point at clients.

    Dates are ``datetime64[D]`` (NaT = none); CEFR levels are ranks (0 = A0 … 6 = C2); lists are stored
    as comma-separated strings.
    """

    seed: int
    today: dt.date
    municipality_codes: tuple[str, ...]
    ids: np.ndarray  # (n, 16) uint8: the bytes of each client's UUID (version 4, drawn from the seed)
    first_name: np.ndarray
    last_name: np.ndarray
    gender: np.ndarray
    date_of_birth: np.ndarray
    nationality: np.ndarray
    country_of_birth: np.ndarray
    household: np.ndarray
    languages: np.ndarray
    municipality: np.ndarray
    postcode: np.ndarray
    cohort: np.ndarray
    permit_date: np.ndarray
    registration_date: np.ndarray
    # The brede intake as last updated; has_intake is False for clients registered only days ago.
    has_intake: np.ndarray
    first_intake_date: np.ndarray
    intake_date: np.ndarray
    dutch_listening: np.ndarray
    dutch_reading: np.ndarray
    dutch_speaking: np.ndarray
    dutch_writing: np.ndarray
    other_languages: np.ndarray
    limiting_circumstances: np.ndarray
    driving_licence: np.ndarray
    hours_available: np.ndarray
    max_travel_minutes: np.ndarray
    route_advice: np.ndarray
    wished_sectors: np.ndarray
    isced: np.ndarray
    education_years: np.ndarray
    education_field: np.ndarray
    diploma: np.ndarray
    recognition: np.ndarray
    episodes: Episodes
    activities: Activities
    plans: Plans
    notes: Notes
    work_experience: WorkExperiences
    wished_occupations: WishedOccupations
    intake_updates: IntakeUpdates

    def __post_init__(self) -> None:
        _compact_strings(self)

    def __len__(self) -> int:
        return len(self.first_name)


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------
def _compact_strings(record: Any) -> None:
    """Replace the fixed-width string columns of a dataclass by object arrays that share one ``str`` per
    distinct value: 8 bytes per element instead of 4 per character, a quarter of the memory at 100,000
    clients."""
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        if isinstance(value, np.ndarray) and value.dtype.kind == "U":
            vocabulary, codes = np.unique(value, return_inverse=True)
            shared = np.empty(len(vocabulary), dtype=object)
            shared[:] = vocabulary.tolist()
            setattr(record, item.name, shared[codes.reshape(-1)])


def _day(value: dt.date) -> int:
    return (value - EPOCH).days


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Integer day numbers to datetime64[D], NaT where ``valid`` is False."""
    result = np.asarray(days, dtype="int64").astype("datetime64[D]")
    if valid is not None:
        result = np.where(valid, result, np.datetime64("NaT", "D"))
    return result


def _categorical(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix of (not necessarily normalised) probabilities."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    draws = rng.random((probabilities.shape[0], 1))
    return (draws > cumulative).sum(axis=1).clip(0, probabilities.shape[1] - 1)


def _pick(
    rng: np.random.Generator, options: Sequence[Any], size: int, p: Sequence[float] | None = None
) -> Any:
    weights = None if p is None else np.asarray(p, dtype=float) / np.sum(p)
    return np.asarray(options)[rng.choice(len(options), size=size, p=weights)]


def _nearest_period(table: dict[int, Any], year: int) -> Any:
    keys = sorted(table)
    return table[max([key for key in keys if key <= year], default=keys[0])]


def cohort_factor(calibration: Calibration, years: np.ndarray) -> np.ndarray:
    anchors = np.array([year for year, _ in calibration.cohort_factor], dtype=float)
    values = np.array([value for _, value in calibration.cohort_factor], dtype=float)
    return np.interp(np.asarray(years, dtype=float), anchors, values)


# ---------------------------------------------------------------------------------------------------------
# Stage 1: who they are
# ---------------------------------------------------------------------------------------------------------
@dataclass
class _People:
    n: int
    cohort: np.ndarray
    permit: np.ndarray  # absolute day numbers
    horizon: np.ndarray  # today, in days since the permit
    registration: np.ndarray  # days since the permit (as all *_rel below)
    nationality: np.ndarray  # index into NATIONALITIES
    female: np.ndarray
    age: np.ndarray  # whole years at the permit
    birth: np.ndarray  # absolute day number
    household: np.ndarray
    isced: np.ndarray
    circumstances: np.ndarray  # (n, len(CIRCUMSTANCES)) bool
    route: np.ndarray
    first_intake: np.ndarray
    first_plan: np.ndarray
    course_start: np.ndarray
    dutch_start: np.ndarray
    dutch_days_per_level: np.ndarray
    dutch_cap: np.ndarray
    education_start: np.ndarray  # -1: no education spell
    education_end: np.ndarray
    education_completed: np.ndarray
    multiplier: np.ndarray

    def dutch_level(self, who: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Continuous Dutch level (0 = A0, 3 = B1) of people ``who`` on ``day`` days since their permit."""
        progress = np.maximum(0, day - self.course_start[who]) / self.dutch_days_per_level[who]
        return np.minimum(self.dutch_cap[who], self.dutch_start[who] + progress)


def _draw_people(
    rng: np.random.Generator, n: int, cohorts: tuple[int, int], today: dt.date, cal: Calibration
) -> _People:
    today_day = _day(today)
    latest_permit = today_day - 30
    years = np.array(
        [year for year in range(cohorts[0], cohorts[1] + 1) if _day(dt.date(year, 1, 1)) <= latest_permit]
    )
    if len(years) == 0:
        raise ValueError(f"no cohort in {cohorts} lies before {today}")
    sizes = np.array([COHORT_SIZE.get(int(year), 25) for year in years], dtype=float)
    year_index = rng.choice(len(years), size=n, p=sizes / sizes.sum())
    cohort = years[year_index]
    first_day = np.array([_day(dt.date(int(year), 1, 1)) for year in years])[year_index]
    last_day = np.minimum(np.array([_day(dt.date(int(year), 12, 31)) for year in years]), latest_permit)[
        year_index
    ]
    permit = first_day + np.floor(rng.random(n) * (last_day - first_day + 1)).astype(np.int64)
    horizon = today_day - permit

    mix = np.array([_nearest_period(NATIONALITY_MIX, int(year)) for year in years])[year_index]
    nationality = _categorical(rng, mix)
    female = rng.random(n) > np.asarray(MALE_SHARE)[nationality]

    # Ages 18-60 at the permit, skewed young (median about 29).
    age_float = 18 + rng.gamma(2.0, 6.5, n)
    too_old = age_float >= 61
    age_float[too_old] = rng.uniform(18, 61, too_old.sum())
    age = np.floor(age_float).astype(np.int64)
    birth = permit - np.floor((age + rng.random(n)) * DAYS_PER_YEAR).astype(np.int64)

    # Waiting in the reception centre for a home: longer since the housing shortage of 2022.
    wait_scale = np.where(cohort >= 2022, 75.0, 45.0)
    registration = np.minimum(14 + np.floor(rng.gamma(2.0, wait_scale)).astype(np.int64), 600)
    registration = np.minimum(registration, horizon)

    household_table = np.array(
        [HOUSEHOLD_MIX[(sex, older)] for sex in ("male", "female") for older in (0, 1)]
    )
    household = _categorical(rng, household_table[female * 2 + (age >= 25)])

    isced = _categorical(rng, np.asarray(ISCED_MIX)[nationality])
    isced = np.where(female & (rng.random(n) < 0.25), np.maximum(isced - 1, 0), isced)

    circumstances = np.zeros((n, len(CIRCUMSTANCES)), dtype=bool)
    with_children = np.isin(
        household, [HOUSEHOLDS.index("single_parent"), HOUSEHOLDS.index("couple_with_children")]
    )
    chance = {
        "physical_health": 0.06 + 0.006 * (age - 18),
        "mental_health": np.full(n, 0.15),
        "childcare": np.where(female & with_children, 0.55, np.where(with_children, 0.05, 0.0)),
        "debts": np.full(n, 0.08),
        "housing": np.where(cohort >= 2022, 0.18, 0.08),
        "family_reunification": np.where(household == HOUSEHOLDS.index("family_reunification"), 1.0, 0.02),
        "transport": np.full(n, 0.08),
        "literacy": np.select([isced == 0, isced == 1], [0.8, 0.3], 0.02),
    }
    for column, name in enumerate(CIRCUMSTANCES):
        circumstances[:, column] = rng.random(n) < chance[name]
    literacy = circumstances[:, CIRCUMSTANCES.index("literacy")]
    health = circumstances[:, :2].any(axis=1)

    age_at_registration = age + registration / DAYS_PER_YEAR
    z_chance = np.select(
        [literacy & (age_at_registration >= 40), age_at_registration >= 55, health], [0.6, 0.5, 0.2], 0.04
    )
    onderwijs_chance = np.where(
        age_at_registration < 28, np.select([isced >= 3, isced == 2], [0.35, 0.2], 0.0), 0.0
    )
    draw = rng.random(n)
    route = np.select(
        [draw < z_chance, draw < z_chance + onderwijs_chance], [ROUTE_Z, ROUTE_ONDERWIJS], ROUTE_B1
    )

    # PIP within the legal ten weeks for most (more often since the Wet inburgering 2021), late for some.
    on_time = rng.random(n) < np.where(cohort >= 2022, 0.82, 0.68)
    plan_delay = np.where(
        on_time, rng.integers(21, 71, n), 71 + np.floor(rng.gamma(2.0, 40.0, n)).astype(np.int64)
    )
    first_plan = registration + plan_delay
    first_intake = registration + np.floor(plan_delay * rng.uniform(0.15, 0.7, n)).astype(np.int64)
    course_start = first_plan + rng.integers(7, 61, n)

    # Dutch: months per CEFR step by education, slower with age and low literacy; a cap per route.
    months_per_level = np.asarray((20.0, 16.0, 12.5, 10.0, 9.5, 8.5, 7.5, 7.0))[isced]
    months_per_level *= np.select([age >= 50, age >= 40], [1.6, 1.3], 1.0) * np.where(literacy, 1.5, 1.0)
    months_per_level *= rng.lognormal(0.0, 0.3, n)
    dutch_start = np.where(rng.random(n) < 0.3, 0.5, 0.0)
    dutch_cap = np.select(
        [route == ROUTE_Z, route == ROUTE_ONDERWIJS],
        [rng.uniform(1.5, 2.6, n), rng.uniform(3.5, 5.0, n)],
        rng.uniform(2.6, 4.3, n),
    )

    in_school = route == ROUTE_ONDERWIJS
    education_start = np.where(in_school, first_plan + rng.integers(60, 271, n), -1)
    months_in_school = np.where(isced >= 5, rng.uniform(12, 48, n), rng.uniform(18, 42, n))
    completed = rng.random(n) >= 0.25
    months_in_school = np.where(completed, months_in_school, months_in_school * rng.uniform(0.15, 0.7, n))
    education_end = np.where(in_school, education_start + np.floor(months_in_school * DAYS_PER_MONTH), -1)

    age_band = np.searchsorted(np.asarray(cal.age_bands), age, side="right") - 1
    multiplier = (
        cohort_factor(cal, cohort)
        * np.where(female, cal.female, 1.0)
        * np.asarray(cal.age)[age_band]
        * np.asarray(cal.nationality)[nationality]
        * np.asarray(cal.education)[isced]
        * np.prod(np.where(circumstances, np.asarray(cal.circumstance), 1.0), axis=1)
        * rng.gamma(cal.frailty_shape, 1.0 / cal.frailty_shape, n)
    )
    return _People(
        n=n,
        cohort=cohort,
        permit=permit,
        horizon=horizon,
        registration=registration,
        nationality=nationality,
        female=female,
        age=age,
        birth=birth,
        household=household,
        isced=isced,
        circumstances=circumstances,
        route=route,
        first_intake=first_intake,
        first_plan=first_plan,
        course_start=course_start,
        dutch_start=dutch_start,
        dutch_days_per_level=months_per_level * DAYS_PER_MONTH,
        dutch_cap=dutch_cap,
        education_start=education_start.astype(np.int64),
        education_end=education_end.astype(np.int64),
        education_completed=completed & in_school,
        multiplier=multiplier,
    )


# ---------------------------------------------------------------------------------------------------------
# Stage 2: work, benefit and education, month by month
# ---------------------------------------------------------------------------------------------------------
@dataclass
class _Histories:
    """Spells in days since the permit (end -1: still open today)."""

    work_client: np.ndarray
    work_kind: np.ndarray  # index into WORK_KINDS
    work_start: np.ndarray
    work_end: np.ndarray
    work_hours: np.ndarray
    work_contract: np.ndarray  # index into CONTRACT_TYPES, -1 for self-employment
    assistance_client: np.ndarray
    assistance_start: np.ndarray
    assistance_end: np.ndarray


def _step_day(step: int | np.ndarray) -> Any:
    return np.floor(np.asarray(step) * DAYS_PER_MONTH).astype(np.int64)


def _step_of(day: np.ndarray) -> np.ndarray:
    """The step whose days include ``day``."""
    step = np.floor(day / DAYS_PER_MONTH).astype(np.int64)
    step = np.where(_step_day(step + 1) <= day, step + 1, step)
    return np.where(_step_day(step) > day, step - 1, step)


def _draw_histories(rng: np.random.Generator, people: _People, cal: Calibration) -> _Histories:
    n = people.n
    everyone = np.arange(n)
    aow = people.birth + np.floor(67 * DAYS_PER_YEAR).astype(np.int64) - people.permit  # state pension age
    age_65 = people.birth + np.floor(65 * DAYS_PER_YEAR).astype(np.int64) - people.permit
    gets_assistance = rng.random(n) < cal.assistance_at_registration

    working = np.zeros(n, dtype=bool)
    job_end = np.zeros(n, dtype=np.int64)
    end_step = np.full(n, -1, dtype=np.int64)  # step in which the current job's end is handled
    worked_before = np.zeros(n, dtype=bool)
    assistance_open = np.zeros(n, dtype=bool)
    assistance_start = np.zeros(n, dtype=np.int64)
    retired = np.zeros(n, dtype=bool)

    work: list[tuple[np.ndarray, ...]] = []
    assistance: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def close_assistance(who: np.ndarray, last_day: np.ndarray) -> None:
        # A benefit that would end before it began (started the same day) never existed.
        is_open = assistance_open[who]
        who, last = who[is_open], last_day[is_open]
        keep = last >= assistance_start[who]
        assistance.append((who[keep], assistance_start[who[keep]], last[keep]))
        assistance_open[who] = False

    def open_assistance(who: np.ndarray, first_day: np.ndarray) -> None:
        assistance_open[who] = True
        assistance_start[who] = first_day

    def in_education(who: np.ndarray, day: np.ndarray) -> np.ndarray:
        return (
            (people.education_start[who] >= 0)
            & (people.education_start[who] <= day)
            & (day <= people.education_end[who])
        )

    knots = np.asarray(cal.hazard_knot_months, dtype=float)
    log_values = np.log(np.asarray(cal.hazard_knot_values, dtype=float))
    contract_p = np.asarray(cal.contract_share) / np.sum(cal.contract_share)
    steps = int(np.ceil(people.horizon.max() / DAYS_PER_MONTH)) + 1
    for step in range(steps):
        first, last = int(_step_day(step)), int(_step_day(step + 1)) - 1

        registering = everyone[
            (people.registration >= first) & (people.registration <= last) & gets_assistance
        ]
        open_assistance(registering, people.registration[registering])

        # Jobs that ended in the previous step: some move straight on to the next job.
        ending = everyone[end_step == step]
        working[ending] = False
        restart_day = job_end[ending] + 1
        moves_on = rng.random(len(ending)) < cal.job_to_job
        allowed = (restart_day <= people.horizon[ending]) & (restart_day < aow[ending]) & ~retired[ending]
        restart = (
            ~moves_on
            & allowed
            & ~assistance_open[ending]
            & ~in_education(ending, restart_day)
            & (rng.random(len(ending)) < cal.assistance_restart)
        )
        open_assistance(ending[restart], restart_day[restart])
        forced = ending[moves_on & allowed & (restart_day < age_65[ending])]
        forced_day = job_end[forced] + 1 + rng.integers(0, 11, len(forced))

        starting_school = everyone[(people.education_start >= first) & (people.education_start <= last)]
        starting_school = starting_school[
            people.education_start[starting_school] <= people.horizon[starting_school]
        ]
        close_assistance(starting_school, people.education_start[starting_school] - 1)
        leaving_school = everyone[(people.education_end >= first) & (people.education_end <= last)]
        day_after = people.education_end[leaving_school] + 1
        back = (
            (day_after <= people.horizon[leaving_school])
            & ~working[leaving_school]
            & ~assistance_open[leaving_school]
            & ~retired[leaving_school]
            & (rng.random(len(leaving_school)) < cal.assistance_restart)
        )
        open_assistance(leaving_school[back], day_after[back])

        # New jobs: a hazard per person for this step.
        candidate = (
            ~working
            & (end_step < step)
            & (people.registration <= last)
            & ~retired
            & (age_65 > first)
            & (people.horizon >= first)
        )
        candidate[forced] = False
        who = everyone[candidate]
        months = (first + last) / 2 / DAYS_PER_MONTH
        hazard = float(np.exp(np.interp(months, knots, log_values))) * people.multiplier[who]
        mid = np.full(len(who), (first + last) // 2)
        hazard *= np.exp(cal.dutch_per_level * np.minimum(people.dutch_level(who, mid), 3.0))
        schooling = in_education(who, mid)
        hazard *= np.where(schooling, cal.in_education, 1.0)
        hazard *= np.where(
            people.education_completed[who] & (people.education_end[who] < first), cal.after_diploma, 1.0
        )
        hazard *= np.where(worked_before[who], cal.worked_before, 1.0)
        found = rng.random(len(who)) < -np.expm1(-hazard)
        who = who[found]
        start = np.maximum(
            first + np.floor(rng.random(len(who)) * (last - first + 1)).astype(np.int64),
            people.registration[who],
        )
        who = np.concatenate([who, forced])
        start = np.concatenate([start, forced_day])
        valid = start <= people.horizon[who]
        who, start = who[valid], start[valid]
        if len(who):
            count = len(who)
            self_employed = rng.random(count) < cal.self_employment_share * np.where(
                people.age[who] >= 25, 1.5, 0.3
            )
            contract = np.where(self_employed, -1, rng.choice(len(contract_p), size=count, p=contract_p))
            median = np.where(
                self_employed,
                cal.self_employment_median_months,
                np.asarray(cal.contract_median_months)[np.maximum(contract, 0)],
            )
            duration = np.maximum(
                14, np.floor(median * DAYS_PER_MONTH * rng.lognormal(0, cal.duration_sigma, count))
            )
            end = np.minimum(start + duration.astype(np.int64) - 1, aow[who] - 1)
            end = np.maximum(end, start)
            hours_p = np.where(people.female[who, None], cal.hours_share_women, cal.hours_share_men)
            hours = np.asarray(cal.hours)[_categorical(rng, hours_p)]
            hours = np.where(in_education(who, start), np.minimum(hours, 16), hours)
            work.append((who, self_employed.astype(np.int64), start, end, hours, contract))

            supplementary_p = np.where(
                self_employed,
                cal.supplementary_self_employed,
                np.select([hours < 24, hours < 32], list(cal.supplementary[:2]), cal.supplementary[2]),
            )
            stops = ~(rng.random(count) < supplementary_p)
            close_assistance(who[stops], start[stops] - 1)
            working[who] = True
            worked_before[who] = True
            job_end[who] = end
            end_step[who] = _step_of(end + 1)

        pensioned = everyone[(aow >= first) & (aow <= last) & (aow <= people.horizon) & ~retired]
        close_assistance(pensioned, aow[pensioned] - 1)
        retired[pensioned] = True

    still_open = everyone[assistance_open]
    assistance.append((still_open, assistance_start[still_open], np.full(len(still_open), -1)))

    def join(parts: Sequence[tuple[np.ndarray, ...]], width: int) -> list[np.ndarray]:
        if not parts:
            return [np.zeros(0, dtype=np.int64) for _ in range(width)]
        return [np.concatenate([part[column] for part in parts]).astype(np.int64) for column in range(width)]

    work_client, work_kind, work_start, work_end, work_hours, work_contract = join(work, 6)
    work_end = np.where(work_end >= people.horizon[work_client], -1, work_end)
    assistance_client, assistance_start_, assistance_end = join(assistance, 3)
    return _Histories(
        work_client=work_client,
        work_kind=work_kind,
        work_start=work_start,
        work_end=work_end,
        work_hours=work_hours,
        work_contract=work_contract,
        assistance_client=assistance_client,
        assistance_start=assistance_start_,
        assistance_end=assistance_end,
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


# ---------------------------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------------------------
def simulate(
    region: RegionInput,
    n_clients: int,
    *,
    seed: int = 2016,
    today: dt.date | None = None,
    cohorts: tuple[int, int] = (2016, 2025),
    calibration: Calibration = CALIBRATION,
) -> Population:
    """Draw a population of ``n_clients`` with permits in the years ``cohorts`` (inclusive), followed up to
    ``today``. The same arguments give the same population."""
    today = today or dt.date.today()
    people_stream, history_stream, case_stream, identity_stream = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)
    )
    people = _draw_people(people_stream, n_clients, cohorts, today, calibration)
    histories = _draw_histories(history_stream, people, calibration)
    identity = _identity(identity_stream, people, region)
    rng = case_stream

    n = people.n
    first_job = np.full(n, -1, dtype=np.int64)
    first_job_end = np.full(n, -1, dtype=np.int64)
    first_job_contract = np.full(n, -1, dtype=np.int64)
    if len(histories.work_client):
        order = np.lexsort((histories.work_start, histories.work_client))
        clients = histories.work_client[order]
        first_rows = order[np.r_[True, clients[1:] != clients[:-1]]]
        who = histories.work_client[first_rows]
        first_job[who] = histories.work_start[first_rows]
        first_job_end[who] = histories.work_end[first_rows]
        first_job_contract[who] = histories.work_contract[first_rows]
    on_assistance_today = np.zeros(n, dtype=bool)
    on_assistance_today[histories.assistance_client[histories.assistance_end < 0]] = True

    episodes = _episodes(rng, people, histories)
    plans, intake_updates = _plans(rng, people, first_job)
    intake = _intake(rng, people, intake_updates)
    sector = intake.pop("first_sector")
    activities = _activities(
        rng, people, first_job, first_job_end, first_job_contract, sector, on_assistance_today
    )
    notes = _notes(rng, people, first_job)
    experience, wished = _work_experience(rng, people, region, identity["country_of_birth"])
    return Population(
        seed=seed,
        today=today,
        municipality_codes=tuple(region.municipality_codes),
        ids=identity["ids"],
        first_name=identity["first_name"],
        last_name=identity["last_name"],
        gender=identity["gender"],
        date_of_birth=_dates(people.birth),
        nationality=identity["nationality"],
        country_of_birth=identity["country_of_birth"],
        household=np.asarray(HOUSEHOLDS)[people.household],
        languages=identity["languages"],
        municipality=identity["municipality"],
        postcode=identity["postcode"],
        cohort=people.cohort,
        permit_date=_dates(people.permit),
        registration_date=_dates(people.permit + people.registration),
        other_languages=identity["other_languages"],
        episodes=episodes,
        activities=activities,
        plans=plans,
        notes=notes,
        work_experience=experience,
        wished_occupations=wished,
        intake_updates=intake_updates,
        **intake,
    )


# ---------------------------------------------------------------------------------------------------------
# Measuring and fitting
# ---------------------------------------------------------------------------------------------------------
def share_with_open_spell(
    population: Population, kinds: Sequence[str], cohort: int, months: int, *, mask: np.ndarray | None = None
) -> float:
    """Share of the cohort's clients (age 18-65 on the day, and followed up to it) with an open spell of one
    of ``kinds`` exactly ``months`` after their permit date. ``mask`` narrows the clients further."""
    permit = population.permit_date.astype("int64")
    day = permit + round(months * DAYS_PER_MONTH)
    age_days = day - population.date_of_birth.astype("int64")
    eligible = (
        (population.cohort == cohort) & (day <= _day(population.today)) & (age_days < 65 * DAYS_PER_YEAR)
    )
    if mask is not None:
        eligible &= mask
    if not eligible.any():
        return float("nan")
    episodes = population.episodes
    client = episodes.client
    start = episodes.start.astype("int64")
    end = np.where(np.isnat(episodes.end), np.iinfo(np.int64).max, episodes.end.astype("int64"))
    covering = np.isin(episodes.kind, kinds) & (start <= day[client]) & (end >= day[client])
    covered = np.zeros(len(population), dtype=bool)
    covered[client[covering]] = True
    return float(covered[eligible].mean())


def share_in_work(
    population: Population, cohort: int, months: int, *, mask: np.ndarray | None = None
) -> float:
    """The CBS measure: employee or self-employed, as a share of the cohort, ``months`` after the permit."""
    return share_with_open_spell(population, WORK_KINDS, cohort, months, mask=mask)


CALIBRATION_REGION = RegionInput(
    municipality_codes=("GM0000",),
    municipality_weights=(1.0,),
    occupation_ids=(1,),
    occupation_isco=("9112",),
)


def cohort_population(
    cohort: int, n_clients: int, *, seed: int = 2014, calibration: Calibration = CALIBRATION
) -> Population:
    """A population of one cohort, followed for more than eight years: what the calibration measures."""
    return simulate(
        CALIBRATION_REGION,
        n_clients,
        seed=seed,
        today=dt.date(cohort + 9, 1, 15),
        cohorts=(cohort, cohort),
        calibration=calibration,
    )


def calibration_table(
    n_clients: int = 200_000, seed: int = 2014, calibration: Calibration = CALIBRATION
) -> list[dict[str, Any]]:
    """Target and simulated share in work for every CBS target, plus men and women and the benefit facts."""
    populations = {
        cohort: cohort_population(cohort, n_clients, seed=seed, calibration=calibration)
        for cohort in sorted({cohort for cohort, _ in CBS_TARGETS})
    }
    rows = []
    for (cohort, months), target in CBS_TARGETS.items():
        population = populations[cohort]
        rows.append(
            {
                "cohort": cohort,
                "months": months,
                "measure": "in work",
                "target": target,
                "simulated": share_in_work(population, cohort, months),
                "men": share_in_work(population, cohort, months, mask=population.gender == "male"),
                "women": share_in_work(population, cohort, months, mask=population.gender == "female"),
            }
        )
    for (cohort, months), target in CBS_BENEFIT_FACTS.items():
        population = populations[cohort]
        rows.append(
            {
                "cohort": cohort,
                "months": months,
                "measure": "on social assistance",
                "target": target,
                "simulated": share_with_open_spell(population, (SOCIAL_ASSISTANCE,), cohort, months),
                "men": float("nan"),
                "women": float("nan"),
            }
        )
    return rows


def _bisect(evaluate: Any, target: float, low: float, high: float, iterations: int = 15) -> float:
    """The value in [low, high] (searched on a log scale) where the increasing ``evaluate`` meets target."""
    for _ in range(iterations):
        middle = float(np.sqrt(low * high))
        if evaluate(middle) < target:
            low = middle
        else:
            high = middle
    return float(np.sqrt(low * high))


def _cohort_work_share(
    cohort: int, months: int, n_clients: int, seed: int, calibration: Calibration
) -> float:
    """``share_in_work(cohort_population(...), cohort, months)`` from the first two stages only (for
    fitting: the same random streams as :func:`simulate`, without the case file)."""
    people_stream, history_stream = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)[:2]
    )
    today = dt.date(cohort + 9, 1, 15)
    people = _draw_people(people_stream, n_clients, (cohort, cohort), today, calibration)
    histories = _draw_histories(history_stream, people, calibration)
    day = round(months * DAYS_PER_MONTH)
    eligible = (day <= people.horizon) & (people.permit + day - people.birth < 65 * DAYS_PER_YEAR)
    covering = (histories.work_start <= day) & ((histories.work_end < 0) | (histories.work_end >= day))
    covered = np.zeros(people.n, dtype=bool)
    covered[histories.work_client[covering]] = True
    return float(covered[eligible].mean())


def fit_calibration(
    n_clients: int = 200_000, seed: int = 2014, base: Calibration = CALIBRATION
) -> Calibration:
    """Refit the baseline hazard knots (to cohort 2014) and the cohort factors (to 2019 and 2020).

    Each knot only affects the months up to the next target, so the knots are fitted one after the other,
    each by bisection with the same seed (common random numbers keep the search monotone). The first knot
    moves with the second at a fixed ratio. Takes a few minutes.
    """
    calibration = base
    values = list(base.hazard_knot_values)
    early_ratio = values[0] / values[1]
    for (cohort, months), share in sorted(CBS_TARGETS.items()):
        if cohort != 2014:
            continue
        knot = base.hazard_knot_months.index(months)

        def evaluate(
            value: float,
            knot: int = knot,
            months: int = months,
            base: Calibration = calibration,
            current: tuple[float, ...] = tuple(values),
        ) -> float:
            trial = list(current)
            trial[knot] = value
            if knot == 1:
                trial[0] = value * early_ratio
            trial_calibration = dataclasses.replace(base, hazard_knot_values=tuple(trial))
            return _cohort_work_share(2014, months, n_clients, seed, trial_calibration)

        values[knot] = _bisect(evaluate, share, 1e-4, 1.0)
        if knot == 1:
            values[0] = values[1] * early_ratio
        values = [float(f"{value:.4g}") for value in values]
        calibration = dataclasses.replace(calibration, hazard_knot_values=tuple(values))
        print(f"knot {months:>3} months: {values[knot]:.4g}")

    factors = dict(calibration.cohort_factor)
    for (cohort, months), share in sorted(CBS_TARGETS.items()):
        if cohort == 2014:
            continue

        def evaluate_cohort(
            value: float, cohort: int = cohort, months: int = months, base: Calibration = calibration
        ) -> float:
            trial = tuple(sorted((dict(factors) | {cohort: value}).items()))
            trial_calibration = dataclasses.replace(base, cohort_factor=trial)
            return _cohort_work_share(cohort, months, n_clients, seed, trial_calibration)

        factors[cohort] = round(_bisect(evaluate_cohort, share, 0.3, 10.0), 3)
        calibration = dataclasses.replace(calibration, cohort_factor=tuple(sorted(factors.items())))
        print(f"cohort {cohort}: factor {factors[cohort]:.3f}")
    return calibration


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--fit", action="store_true", help="refit the hazard knots and cohort factors")
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2014)
    arguments = parser.parse_args(argv)
    calibration = CALIBRATION
    if arguments.fit:
        calibration = fit_calibration(arguments.clients, arguments.seed)
        print(f"hazard_knot_values={calibration.hazard_knot_values}")
        print(f"cohort_factor={calibration.cohort_factor}")
    print("| cohort | months | measure | target | simulated | men | women |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for row in calibration_table(arguments.clients, arguments.seed, calibration):
        cells = [
            row["cohort"],
            row["months"],
            row["measure"],
            f"{row['target']:.0%}",
            f"{row['simulated']:.1%}",
        ]
        cells += [f"{row['men']:.1%}", f"{row['women']:.1%}"]
        print("| " + " | ".join(str(cell).replace("nan%", "-") for cell in cells) + " |")


if __name__ == "__main__":
    main()
