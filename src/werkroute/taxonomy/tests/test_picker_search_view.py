import pytest
from django.test import Client
from django.urls import reverse

from werkroute.taxonomy.tests.factories import OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_occupation_picker_returns_matching_options_with_the_field_name(caseworker_client):
    welder = OccupationFactory(preferred_label="lasser")
    OccupationFactory(preferred_label="kok")
    response = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": "occupation"}),
        {"q": "lass", "name": "work-0-occupation", "type": "radio"},
    )
    content = response.content.decode()
    assert f'type="radio" name="work-0-occupation" value="{welder.pk}"' in content
    assert "kok" not in content


def test_skill_picker_searches_skill_labels(caseworker_client):
    skill = SkillFactory(preferred_label="heftruck besturen")
    response = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": "skill"}), {"q": "heftruck", "name": "skills"}
    )
    assert f'type="checkbox" name="skills" value="{skill.pk}"' in response.content.decode()


def test_unknown_kind_is_404_and_anonymous_users_are_sent_to_login(caseworker_client):
    assert caseworker_client.get(reverse("taxonomy:search", kwargs={"kind": "secrets"})).status_code == 404
    assert (
        Client().get(reverse("taxonomy:search", kwargs={"kind": "occupation"}), {"q": "kok"}).status_code
        == 302
    )


def test_field_name_is_escaped(caseworker_client):
    OccupationFactory(preferred_label="lasser")
    response = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": "occupation"}),
        {"q": "lasser", "name": '"><script>x</script>'},
    )
    assert "<script>" not in response.content.decode()


def test_a_new_search_keeps_the_options_ticked_in_the_previous_results(caseworker_client):
    welder = OccupationFactory(preferred_label="lasser")
    cook = OccupationFactory(preferred_label="kok")
    response = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": "occupation"}),
        {"q": "kok", "name": "wished_occupations", "wished_occupations": [str(welder.pk)]},
    )
    content = response.content.decode()
    assert f'name="wished_occupations" value="{welder.pk}" checked' in content
    assert f'name="wished_occupations" value="{cook.pk}">' in content


@pytest.mark.parametrize("kept", ["²", "١٢", str(10**30), str(2**63), "-1", "1.5"])
def test_kept_options_that_are_no_ids_are_ignored_not_a_server_error(caseworker_client, kept):
    """``str.isdigit`` accepted ``²`` (then ``int`` failed) and ids beyond the key's range overflowed."""
    welder = OccupationFactory(preferred_label="lasser")
    response = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": "occupation"}),
        {"q": "lass", "name": "occupation", "occupation": [kept, str(welder.pk)]},
    )
    assert response.status_code == 200
    assert f'value="{welder.pk}" checked' in response.content.decode()


@pytest.mark.parametrize("kind", ["skill", "occupation"])
def test_a_nul_character_in_the_search_is_no_server_error(caseworker_client, kind):
    """PostgreSQL refuses NUL in text; the search failed with HTTP 500 there."""
    SkillFactory(preferred_label="heftruck besturen")
    response = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": kind}), {"q": "heft\x00ruck", "name": "skills\x00"}
    )
    assert response.status_code == 200
