"""The published figures a cohort is compared with, and the targets of the process indicators."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Share of permit cohort 2014 in paid work (employee or self-employed, 18-65) by months since the permit.
# The demo calibrates to the same figures (werkroute.demo.simulation.CBS_TARGETS; a test keeps them equal).
CBS_COHORT_2014_IN_WORK = {18: 0.04, 30: 0.11, 54: 0.25, 72: 0.43, 96: 0.45}
CBS_SOURCE = _(
    "CBS, Cohortonderzoek asiel en integratie (cohort 2014, werkzaam als werknemer of zelfstandige, "
    "18–65 jaar); 54 maanden: SER, Integratie door werk (2019)."
)


@dataclass(frozen=True)
class Target:
    value: float
    higher_is_better: bool
    source: str | Promise


# Only the PIP deadline is set by law; the other targets are Werkroute's defaults for a region to adjust.
TARGETS = {
    "pip_within_deadline": Target(1.0, True, _("Wet inburgering 2021: PIP binnen 10 weken")),
    "days_to_pip": Target(70, False, _("Wet inburgering 2021: 10 weken")),
    "days_to_intake": Target(28, False, _("streefwaarde Werkroute")),
    "days_to_first_activity": Target(91, False, _("streefwaarde Werkroute")),
    "active_activity": Target(0.8, True, _("streefwaarde Werkroute")),
    "stopped_before_work": Target(0.2, False, _("streefwaarde Werkroute")),
    "after_care_in_work": Target(0.5, True, _("streefwaarde Werkroute")),
}
