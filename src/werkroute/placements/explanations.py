"""The engine's explanation in plain Dutch (B1), spoken to the client: short sentences, no jargon."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from werkroute.matching import weights
from werkroute.matching.inputs import CEFR_NAMES
from werkroute.matching.recommend import Counterfactual, Explanation
from werkroute.taxonomy.models import Skill
from werkroute.taxonomy.skill_groups import group_names


def _skill_word(skill: str) -> str:
    return {
        "listening": _("luisteren"),
        "reading": _("lezen"),
        "speaking": _("spreken"),
        "writing": _("schrijven"),
    }[skill]


def component_label(component: str) -> str:
    return {
        "occupation": _("Beroep en ervaring"),
        "skills": _("Vaardigheden"),
        "language": _("Nederlands"),
        "travel": _("Reistijd"),
        "wishes": _("Wensen"),
        "hours": _("Uren"),
        "start": _("Startdatum"),
    }[component]


def sentences(explanation: Explanation, max_travel_minutes: float, language_support: bool) -> list[str]:
    """One short sentence per reason, strongest first."""
    parts = {c.component: c.value for c in explanation.contributions}
    said: list[str] = []
    occupation = parts["occupation"]
    if occupation >= weights.OCCUPATION_SAME_ESCO:
        said.append(_("U heeft ervaring in dit beroep."))
    elif occupation >= weights.OCCUPATION_SAME_ISCO_UNIT:
        said.append(_("U heeft ervaring in een beroep dat hier veel op lijkt."))
    elif occupation >= weights.OCCUPATION_SAME_ISCO_MINOR:
        said.append(_("U heeft ervaring in hetzelfde soort werk."))
    elif occupation > 0:
        said.append(_("Uw vaardigheden passen bij dit beroep."))
    else:
        said.append(_("U heeft nog geen ervaring in dit soort werk."))
    matched = len(explanation.matched_required_skills)
    total = matched + len(explanation.missing_required_skills)
    if total:
        said.append(
            ngettext(
                "U heeft %(matched)s van de %(total)s gevraagde vaardigheid.",
                "U heeft %(matched)s van de %(total)s gevraagde vaardigheden.",
                total,
            )
            % {"matched": matched, "total": total}
        )
    if parts["wishes"] >= weights.WISH_SAME_ESCO:
        said.append(_("Dit beroep staat op uw wensenlijst."))
    elif parts["wishes"] > 0:
        said.append(_("Dit werk lijkt op een beroep dat u graag wilt doen."))
    if explanation.language_gaps:
        for gap in explanation.language_gaps:
            said.append(
                _("Voor %(skill)s is %(needed)s nodig. U heeft %(level)s.")
                % {
                    "skill": _skill_word(gap.skill),
                    "needed": CEFR_NAMES[gap.required_level],
                    "level": CEFR_NAMES[gap.client_level],
                }
            )
    else:
        said.append(_("Uw Nederlands is goed genoeg voor dit werk."))
    if language_support:
        said.append(_("U krijgt op het werk hulp bij de taal."))
    said.append(
        _("De reistijd is ongeveer %(minutes)s minuten. U wilt maximaal %(maximum)s minuten reizen.")
        % {"minutes": round(explanation.travel_minutes / 5) * 5, "maximum": int(max_travel_minutes)}
    )
    if parts["hours"] < 1:
        said.append(_("U kunt minder uren werken dan de werkgever vraagt."))
    if parts["start"] < 1:
        said.append(_("U kunt later beginnen dan de startdatum."))
    for blocker in explanation.blockers:
        said.append(
            {
                "travel": _("De reistijd is langer dan u wilt."),
                "driving_licence": _("Voor dit werk is een rijbewijs nodig."),
                "availability": _("De plaats is al afgelopen als u kunt beginnen."),
                "capacity": _("Er is geen plek meer vrij."),
                "region": _("Deze plaats ligt buiten uw regio."),
            }[blocker]
        )
    return said


def counterfactual_sentence(counterfactual: Counterfactual | None) -> str:
    """‘Met B1 spreken komen 7 extra plaatsen binnen bereik.’, or an empty string."""
    if counterfactual is None:
        return ""
    count = counterfactual.extra_placements
    if counterfactual.kind == "language":
        return ngettext(
            "Met %(level)s %(skill)s komt %(count)s extra plaats binnen bereik.",
            "Met %(level)s %(skill)s komen %(count)s extra plaatsen binnen bereik.",
            count,
        ) % {
            "level": CEFR_NAMES[counterfactual.level],
            "skill": _skill_word(counterfactual.skill),
            "count": count,
        }
    if counterfactual.kind == "travel":
        return ngettext(
            "Met %(minutes)s minuten meer reistijd komt %(count)s extra plaats binnen bereik.",
            "Met %(minutes)s minuten meer reistijd komen %(count)s extra plaatsen binnen bereik.",
            count,
        ) % {"minutes": counterfactual.minutes, "count": count}
    return ngettext(
        "Met een rijbewijs komt %(count)s extra plaats binnen bereik.",
        "Met een rijbewijs komen %(count)s extra plaatsen binnen bereik.",
        count,
    ) % {"count": count}


@dataclass(frozen=True)
class SkillName:
    """A skill as a page shows it: its name, the language of that name, and for a name that is not Dutch
    the Dutch name of its group (see ``taxonomy.skill_groups``)."""

    name: str
    language: str
    group: str


def missing_skill_names(explanation: Explanation) -> list[SkillName]:
    return missing_skill_names_of([explanation])[0]


def missing_skill_names_of(explanations: list[Explanation], limit: int = 5) -> list[list[SkillName]]:
    """The first ``limit`` missing required skills of each explanation, by name, with a fixed number of
    queries however many explanations there are."""
    wanted = {skill for explanation in explanations for skill in explanation.missing_required_skills}
    rows = Skill.objects.filter(pk__in=wanted).values_list("pk", "preferred_label", "label_language")
    groups = group_names(wanted)
    names = {pk: SkillName(label, language, groups.get(pk, "")) for pk, label, language in rows}
    return [
        sorted(
            (names[skill] for skill in explanation.missing_required_skills if skill in names),
            key=lambda skill: skill.name,
        )[:limit]
        for explanation in explanations
    ]
