"""The placement form: an edit starts from what is stored, and bad or tampered values get a message."""

import pytest
from django.urls import reverse

from werkroute.core.tests.test_fuzz_forms import _Forms
from werkroute.placements.models import DESCRIPTION_MAX_LENGTH, Placement
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, employer_user
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editing(client, municipality):
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(
        employer=employer, postcode=PostcodeAreaFactory(municipality=municipality), title="Kok"
    )
    client.force_login(employer_user(employer))
    url = reverse("placements:edit", kwargs={"placement_id": placement.pk})
    parser = _Forms()
    parser.feed(client.get(url).content.decode())
    rendered = next(form for form in parser.forms if "title" in form)
    return client, url, placement, rendered


def test_an_edit_form_starts_with_the_stored_occupation_and_saving_it_stores_the_change(editing):
    """Every edit failed ("occupation required"), and behind that a valid edit changed nothing: the form
    had copied its values onto the instance the service compared them with."""
    client, url, placement, rendered = editing
    assert rendered["occupation"] == str(placement.occupation_id)
    response = client.post(url, {**rendered, "title": "Kok in de keuken"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.title == "Kok in de keuken" and placement.version == 2


@pytest.mark.parametrize("version", ["abc", "²", "-1", str(10**30)])
def test_a_tampered_version_is_a_form_error_not_a_server_error(editing, version):
    client, url, placement, rendered = editing
    response = client.post(url, {**rendered, "version": version, "title": "Anders"})
    assert response.status_code == 200
    assert Placement.objects.get(pk=placement.pk).title == "Kok"


def test_a_description_over_the_limit_is_refused_with_a_message_and_kept(editing):
    client, url, placement, rendered = editing
    too_long = "x" * (DESCRIPTION_MAX_LENGTH + 1)
    response = client.post(url, {**rendered, "description": too_long})
    content = response.content.decode()
    assert response.status_code == 200
    assert "niet meer dan 4000 tekens" in content and too_long in content
    assert Placement.objects.get(pk=placement.pk).description == ""


def test_the_service_refuses_a_description_over_the_limit_too(municipality):
    from django.core.exceptions import ValidationError

    from werkroute.placements import services

    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer, postcode=PostcodeAreaFactory(municipality=municipality))
    with pytest.raises(ValidationError):
        services.update_placement(
            employer_user(employer),
            placement,
            placement.version,
            {"description": "x" * (DESCRIPTION_MAX_LENGTH + 1)},
        )


@pytest.mark.parametrize("skill_id", [str(10**30), str(2**63), "²"])
def test_a_skill_id_beyond_the_keys_range_is_no_server_error(editing, skill_id):
    client, url, placement, rendered = editing
    kept = SkillFactory()
    response = client.post(url, {**rendered, "required_skills": [skill_id, kept.pk]})
    assert response.status_code == 302
    assert list(placement.required_skills.all()) == [kept]


def test_an_out_of_range_placement_id_is_404(editing):
    client, _url, _placement, _rendered = editing
    for path in ("/plaatsen/99999999999999999999999/", "/plaatsen/9223372036854775808/wijzigen/"):
        assert client.get(path).status_code == 404
