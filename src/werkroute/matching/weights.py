"""Every number that shapes a match, in one place.

A score is the weighted sum of interpretable components, each between 0 and 1, so the score is between
0 and 1 and every component's contribution (weight × value) can be shown to the client and the employer.
Change a weight here and nowhere else; the algorithm register (docs/algoritmeregister.md) describes them.
These are expert settings, not fitted values: referral outcomes are stored so that they can be
calibrated later on what actually worked.
"""

from __future__ import annotations

from types import MappingProxyType

# Component weights; they add up to 1.
WEIGHTS = MappingProxyType(
    {
        # Previous occupations against the placement's ESCO occupation (experience counts most).
        "occupation": 0.30,
        # Declared skills and skills implied by previous occupations against the placement's skills.
        "skills": 0.25,
        # Dutch per language skill (listening, reading, speaking, writing) against the placement's minimum.
        "language": 0.15,
        # Estimated travel time against the client's own maximum.
        "travel": 0.10,
        # The client's wished occupations.
        "wishes": 0.10,
        # Hours the client is available against the placement's hours per week.
        "hours": 0.05,
        # How long after the placement's start date the client becomes available.
        "start": 0.05,
    }
)
COMPONENTS = tuple(WEIGHTS)

# Occupation fit by closeness in ESCO / ISCO-08.
OCCUPATION_SAME_ESCO = 1.0
OCCUPATION_SAME_ISCO_UNIT = 0.8  # same 4-digit unit group
OCCUPATION_SAME_ISCO_MINOR = 0.5  # same 3-digit minor group
OCCUPATION_RELATED_BY_SKILLS = 0.3  # no shared group, but the client has half of the required skills
RELATED_BY_SKILLS_SHARE = 0.5

# Wishes: the same ladder, without experience.
WISH_SAME_ESCO = 1.0
WISH_SAME_ISCO_UNIT = 0.6
WISH_SAME_ISCO_MINOR = 0.3

# Skills: a required (essential) skill counts twice as much as a desirable (optional) one.
REQUIRED_SKILL_WEIGHT = 2.0
DESIRABLE_SKILL_WEIGHT = 1.0
# A placement that lists no skills at all says nothing about fit: neither reward nor penalty.
SKILLS_UNKNOWN = 0.5

# Dutch: each missing level on a language skill costs this share of that skill's fit (two levels short
# is no fit for that skill). Language support at work lowers every minimum by one level; a job coach
# does not change the language bar.
LANGUAGE_PENALTY_PER_LEVEL = 0.5
LANGUAGE_SUPPORT_LEVELS = 1

# Travel time from the distance between postcode centroids: a fixed part (walking, waiting) plus the
# straight-line distance lengthened by a detour factor, at an average door-to-door speed by public
# transport or bicycle. Full marks up to half the client's maximum, falling to zero at the maximum;
# beyond the maximum the placement is out of reach (a hard constraint).
TRAVEL_FIXED_MINUTES = 10.0
TRAVEL_DETOUR_FACTOR = 1.3
TRAVEL_SPEED_KMH = 30.0
TRAVEL_FULL_SHARE = 0.5
DEFAULT_MAX_TRAVEL_MINUTES = 45

# Start: full marks when the client is available by the start date, zero when 90 days later.
START_DELAY_DAYS_TO_ZERO = 90.0

# Counterfactuals: a placement counts as "within reach" at or above this score, and is feasible.
WITHIN_REACH_SCORE = 0.5
# Below this score a placement is not advice: the page says there is no good match and shows the best
# ones as the nearest options. Half of the points is the same bar as "within reach" above: less means
# that most of what the employer asks (occupation, skills, Dutch) is missing.
GOOD_MATCH_SCORE = WITHIN_REACH_SCORE
COUNTERFACTUAL_EXTRA_TRAVEL_MINUTES = 15
