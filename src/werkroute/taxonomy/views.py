from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from werkroute.core.http import parse_ids
from werkroute.taxonomy.models import Occupation, Skill
from werkroute.taxonomy.search import search_occupations
from werkroute.taxonomy.skill_groups import search_skills

RESULT_LIMIT = 15


@dataclass(frozen=True)
class PickerResult:
    pk: int
    label: str
    detail: str


@require_GET
def search(request: HttpRequest, kind: str) -> HttpResponse:
    """Options for the taxonomy picker (htmx): reference data, no personal data, so no scoping needed."""
    # A NUL character cannot be stored or compared in PostgreSQL text (a server error there), and no
    # label holds one.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    input_type = "radio" if request.GET.get("type") == "radio" else "checkbox"
    name = request.GET.get("name", "").replace("\x00", "")[:100]
    if kind == "occupation":
        results = [
            PickerResult(
                match.occupation_id,
                match.preferred_label,
                match.matched_label if match.matched_label != match.preferred_label else "",
            )
            for match in search_occupations(query, limit=RESULT_LIMIT)
        ]
    elif kind == "skill":
        # English-only skills come with the Dutch name of their group, and are found by it.
        results = (
            [
                PickerResult(skill.pk, skill.preferred_label, group)
                for skill, group in search_skills(query, RESULT_LIMIT)
            ]
            if len(query) >= 2
            else []
        )
    else:
        raise Http404
    # Options ticked in the previous results come back ticked, so a new search never drops a choice.
    kept_ids = parse_ids(request.GET.getlist(name), limit=50)
    model = Occupation if kind == "occupation" else Skill
    kept = [PickerResult(item.pk, str(item), "") for item in model.objects.filter(pk__in=kept_ids)]
    results = [result for result in results if result.pk not in set(kept_ids)]
    return render(
        request,
        "taxonomy/picker_results.html",
        {"kept": kept, "results": results, "name": name, "input_type": input_type, "query": query},
    )
