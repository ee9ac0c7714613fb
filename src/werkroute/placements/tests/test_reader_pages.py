"""What a reader sees on the market pages: honest advice and documents rendered as documents."""

import pytest
from django.urls import reverse

from werkroute.cases.models import WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import (
    IscoGroupFactory,
    OccupationFactory,
    OccupationSkillFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def _client_with_experience(municipality, area, occupation):
    person = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AB")
    intake = IntakeFactory(client=person, dutch_speaking="A1", dutch_listening="A1")
    WorkExperience.objects.create(intake=intake, occupation=occupation, years=3)
    return person


def test_when_no_placement_fits_well_the_page_says_so_instead_of_advising_the_best_poor_one(
    caseworker_client, municipality
):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    PlacementFactory(
        employer=EmployerFactory(region=municipality.region),
        occupation=OccupationFactory(preferred_label="leraar", isco_group=IscoGroupFactory(code="2330")),
        postcode=area,
        title="Docent wiskunde",
        min_dutch_speaking="B1",
    )
    welder = OccupationFactory(preferred_label="lasser", isco_group=IscoGroupFactory(code="7212"))
    person = _client_with_experience(municipality, area, welder)
    content = caseworker_client.get(
        reverse("placements:client", kwargs={"client_id": person.pk})
    ).content.decode()
    assert "Docent wiskunde" in content
    assert "Geen goede match" in content and "dichtstbijzijnde optie" in content


def test_a_placement_that_fits_is_advised_without_the_warning(caseworker_client, municipality):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cleaner = OccupationFactory(preferred_label="schoonmaker")
    PlacementFactory(
        employer=EmployerFactory(region=municipality.region),
        occupation=cleaner,
        postcode=area,
        title="Schoonmaker",
    )
    person = _client_with_experience(municipality, area, cleaner)
    content = caseworker_client.get(
        reverse("placements:client", kwargs={"client_id": person.pk})
    ).content.decode()
    assert "Schoonmaker" in content and "past voor" in content
    assert "Geen goede match" not in content and "dichtstbijzijnde optie" not in content


def test_the_algorithm_register_is_rendered_not_shown_as_raw_markdown(caseworker_client):
    content = caseworker_client.get(reverse("placements:algorithm_register")).content.decode()
    assert "<h1>Algoritmeregister: Werkroute matching van klanten en plaatsen</h1>" in content
    assert "<table>" in content and "<h2>Algemene informatie</h2>" in content
    assert "## " not in content and "|---|" not in content


def test_a_skill_with_only_an_english_name_is_shown_with_the_dutch_name_of_its_group(
    caseworker_client, municipality
):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    warehouse = IscoGroupFactory(code="9333", label="Vrachtbehandelaars")
    picker = OccupationFactory(preferred_label="orderpicker", isco_group=warehouse)
    rotation = SkillFactory(preferred_label="stock rotation", label_language="en")
    OccupationSkillFactory(occupation=picker, skill=rotation)
    PlacementFactory(
        employer=EmployerFactory(region=municipality.region),
        occupation=picker,
        postcode=area,
        title="Orderpicker",
    )
    # Experience in other work: the skills of an orderpicker are still to be learnt.
    other = OccupationFactory(isco_group=IscoGroupFactory(code="9412"))
    person = _client_with_experience(municipality, area, other)
    content = caseworker_client.get(
        reverse("placements:client", kwargs={"client_id": person.pk})
    ).content.decode()
    assert '<span lang="en">stock rotation</span>' in content
    assert "(vaardigheid bij Vrachtbehandelaars)" in content


def test_the_skill_search_finds_english_only_skills_by_their_dutch_group_name(caseworker_client):
    warehouse = IscoGroupFactory(code="9333", label="Vrachtbehandelaars")
    rotation = SkillFactory(preferred_label="stock rotation", label_language="en")
    OccupationSkillFactory(occupation=OccupationFactory(isco_group=warehouse), skill=rotation)
    content = caseworker_client.get(
        reverse("taxonomy:search", kwargs={"kind": "skill"}), {"q": "vracht"}
    ).content.decode()
    assert "stock rotation" in content and "Vrachtbehandelaars" in content
