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

The modules, in the order of the stages: ``calibration`` (the CBS targets and every number that shapes
the outcomes), ``composition`` and ``names`` (who the people are), ``rows`` (input and output),
``people`` (stage 1), ``histories`` (stage 2), ``case_file`` (stage 3), ``interventions`` (stage 4: the
demo interventions' participants and their planted effect on the histories), ``population`` (the entry point,
:func:`simulate`) and ``fitting`` (measuring against CBS and refitting). Run
``python -m werkroute.demo.simulation`` for the calibration table, ``--fit`` to refit.
"""

from werkroute.demo.simulation.calibration import CALIBRATION, CBS_TARGETS, CEFR_LEVELS, Calibration
from werkroute.demo.simulation.fitting import cohort_population, fit_calibration, share_in_work
from werkroute.demo.simulation.population import simulate
from werkroute.demo.simulation.rows import Population, RegionInput, Rows

__all__ = [
    "CALIBRATION",
    "CBS_TARGETS",
    "CEFR_LEVELS",
    "Calibration",
    "Population",
    "RegionInput",
    "Rows",
    "cohort_population",
    "fit_calibration",
    "share_in_work",
    "simulate",
]
