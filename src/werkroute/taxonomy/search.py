"""Search-as-you-type over occupation names (preferred and alternative ESCO labels)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.functions import Length, RowNumber

from werkroute.taxonomy.models import OccupationLabel

MIN_QUERY_LENGTH = 2
NORMALISED_MAX_LENGTH = 300
# Characters after which a new word starts inside a label ("metaalbewerker-siersmid", "lasser/monteur").
WORD_SEPARATORS = (" ", "-", "/", "(")


@dataclass(frozen=True)
class OccupationMatch:
    """One occupation found by :func:`search_occupations` and the label of it that matched best."""

    occupation_id: int
    uri: str
    preferred_label: str
    matched_label: str
    isco_code: str


def normalise_label(text: str) -> str:
    """The form in which labels are stored for search and queries are compared: lowercase (Unicode case
    folding, so "ß" and "SS" agree), without accents (NFKD, combining marks dropped), whitespace collapsed
    to single spaces and trimmed.

    ``normalise_label(normalise_label(text)) == normalise_label(text)`` for every text.
    """
    # Decompose, fold case, decompose again: some characters only fold after decomposing ("ℌ" → "H"),
    # and the second pass keeps the result stable when it is normalised once more.
    text = _strip_marks(_strip_marks(text).casefold())
    return " ".join(text.split())


def _strip_marks(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def search_occupations(query: str, limit: int = 20) -> list[OccupationMatch]:
    """Occupations with a label containing ``query`` (compared after :func:`normalise_label`), best first.

    Ranking: a label equal to the query, then a label starting with it, then a label with a word starting
    with it, then a label containing it inside a word ("booglasser" for "lasser"); at equal rank preferred
    labels before alternative ones, then shorter labels. Each occupation appears once, with its best
    label. A query shorter than two characters after normalising gives an empty list. One database
    query, whose LIMIT applies after the one-per-occupation step, so ``limit`` never hides a better match.
    """
    needle = normalise_label(query)[:NORMALISED_MAX_LENGTH]
    if len(needle) < MIN_QUERY_LENGTH or limit <= 0:
        return []
    starts_a_word = Q()
    for separator in WORD_SEPARATORS:
        starts_a_word |= Q(normalised__contains=separator + needle)
    rank = Case(
        When(normalised=needle, then=Value(0)),
        When(normalised__startswith=needle, then=Value(1)),
        When(starts_a_word, then=Value(2)),
        default=Value(3),
    )
    best_first = [F("rank").asc(), F("is_preferred").desc(), Length("normalised").asc(), F("pk").asc()]
    rows = (
        OccupationLabel.objects.filter(normalised__contains=needle)
        .annotate(rank=rank)
        .annotate(position=Window(RowNumber(), partition_by=[F("occupation_id")], order_by=best_first))
        .filter(position=1)
        .order_by(
            "rank", "-is_preferred", Length("normalised"), "occupation__preferred_label", "occupation_id"
        )
        .values_list(
            "occupation_id",
            "occupation__uri",
            "occupation__preferred_label",
            "label",
            "occupation__isco_group_id",
        )[:limit]
    )
    return [OccupationMatch(*row) for row in rows]
