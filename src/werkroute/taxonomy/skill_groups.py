"""Dutch words for skills that ESCO's shipped files name in English only.

The occupation–skill relations come with English skill labels (the Dutch skill file is not available),
so a skill such as "stock rotation" has no Dutch name. Its occupations do: a skill is shown with the Dutch
name of the ISCO group of occupations that need it most often ("magazijnmedewerkers"), and the skill
search finds it by that name too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from werkroute.taxonomy.models import OccupationSkill, Skill


def group_names(skill_ids: Iterable[int]) -> dict[int, str]:
    """For each English-only skill among ``skill_ids``: the Dutch name of the ISCO group (the 3-digit minor
    group, else the unit group) of the occupations that require it most often. One query."""
    rows = (
        OccupationSkill.objects.filter(skill_id__in=list(skill_ids))
        .exclude(skill__label_language="nl")
        .values("skill_id", "occupation__isco_group__parent__label", "occupation__isco_group__label")
        .annotate(occupations=Count("pk"))
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        name = row["occupation__isco_group__parent__label"] or row["occupation__isco_group__label"]
        counts[row["skill_id"]][name] += row["occupations"]
    # Most occupations first; at a tie the alphabetically first name, so the answer does not vary.
    return {
        skill: sorted(names.items(), key=lambda item: (-item[1], item[0]))[0][0]
        for skill, names in counts.items()
    }


def search_skills(query: str, limit: int) -> list[tuple[Skill, str]]:
    """Skills whose name contains ``query``, then English-only skills whose Dutch group name contains it;
    each with its group name (empty for a skill with a Dutch name)."""
    by_name = list(Skill.objects.filter(preferred_label__icontains=query).order_by("preferred_label")[:limit])
    found = {skill.pk for skill in by_name}
    by_group = list(
        Skill.objects.exclude(label_language="nl")
        .exclude(pk__in=found)
        .filter(
            Q(occupation_relations__occupation__isco_group__label__icontains=query)
            | Q(occupation_relations__occupation__isco_group__parent__label__icontains=query)
        )
        .distinct()
        .order_by("preferred_label")[: max(limit - len(by_name), 0)]
    )
    skills = by_name + by_group
    groups = group_names(skill.pk for skill in skills)
    return [(skill, groups.get(skill.pk, "")) for skill in skills]
