import pytest

from werkroute.taxonomy.search import search_occupations
from werkroute.taxonomy.tests.factories import IscoGroupFactory, OccupationFactory


def labels(matches):
    return [(match.preferred_label, match.matched_label) for match in matches]


@pytest.fixture
def welders(db):
    welding = IscoGroupFactory(code="9712")
    return {
        "booglasser": OccupationFactory(preferred_label="booglasser", isco_group=welding),
        "medewerker lasser": OccupationFactory(preferred_label="medewerker lasserij"),
        "lasserij-medewerker": OccupationFactory(preferred_label="lasserij-medewerker"),
        "metaalbewerker": OccupationFactory(preferred_label="metaalbewerker", alt_labels=["lasser"]),
        "lasser": OccupationFactory(preferred_label="lasser", isco_group=welding),
    }


def test_exact_then_prefix_then_word_then_inside_a_compound(welders):
    assert labels(search_occupations("lasser")) == [
        ("lasser", "lasser"),
        ("metaalbewerker", "lasser"),
        ("lasserij-medewerker", "lasserij-medewerker"),
        ("medewerker lasserij", "medewerker lasserij"),
        ("booglasser", "booglasser"),
    ]


def test_match_carries_the_occupation_and_its_isco_code(welders):
    match = search_occupations("booglasser")[0]

    assert match.occupation_id == welders["booglasser"].pk
    assert match.uri == welders["booglasser"].uri
    assert match.isco_code == "9712"


def test_each_occupation_appears_once_with_its_best_label(db):
    occupation = OccupationFactory(preferred_label="booglasser", alt_labels=["lasser", "lasser metaal"])

    assert labels(search_occupations("lasser")) == [("booglasser", "lasser")]
    assert search_occupations("lasser")[0].occupation_id == occupation.pk


def test_case_and_accents_do_not_matter(db):
    OccupationFactory(preferred_label="privékok")
    OccupationFactory(preferred_label="Chef-kok")

    assert labels(search_occupations("PRIVEKOK")) == [("privékok", "privékok")]
    assert labels(search_occupations("chef-kók")) == [("Chef-kok", "Chef-kok")]
    assert labels(search_occupations("  chef-kok  ")) == [("Chef-kok", "Chef-kok")]


@pytest.mark.parametrize("query", ["", " ", "a", " k ", "é"])
def test_queries_under_two_characters_find_nothing_without_asking_the_database(
    db, django_assert_num_queries, query
):
    OccupationFactory(preferred_label="a")

    with django_assert_num_queries(0):
        assert search_occupations(query) == []


def test_the_limit_never_hides_a_better_match(db):
    for number in range(30):
        OccupationFactory(preferred_label=f"hulp{number}lasser", alt_labels=[f"assistent{number}lasser"])
    OccupationFactory(preferred_label="lasser")

    matches = search_occupations("lasser", limit=5)

    assert len(matches) == 5
    assert matches[0].preferred_label == "lasser"
    assert len({match.occupation_id for match in matches}) == 5


def test_search_is_one_query(db, django_assert_num_queries):
    for number in range(10):
        OccupationFactory(preferred_label=f"lasser {number}", alt_labels=[f"booglasser {number}"])

    with django_assert_num_queries(1):
        assert len(search_occupations("lasser")) == 10


def test_like_wildcards_in_the_query_are_literal(db):
    OccupationFactory(preferred_label="kok")

    assert search_occupations("k%") == []
    assert search_occupations("k_k") == []
