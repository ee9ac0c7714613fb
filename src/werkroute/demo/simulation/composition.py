"""Who the demo's people are: cohort sizes, origins, education, languages, households, and the region's
employers, schools, courses and activity providers."""

from __future__ import annotations

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
