"""Languages are picked one per row from the list of names, with a level where the form asks for one."""

import pytest
from django.urls import reverse

from werkroute.cases.models import Client, Intake
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.cases.tests.test_client_registration import _form as registration_form
from werkroute.cases.tests.test_intake import _intake_form

pytestmark = pytest.mark.django_db


def _intake_url(person):
    return reverse("cases:intake", kwargs={"client_id": person.pk})


def test_languages_with_levels_are_saved_one_row_at_a_time(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    data = _intake_form()
    data["other_languages"] = ["Arabisch", "Engels", "", ""]
    data["other_languages-level"] = ["C2", "B1", "", ""]
    response = caseworker_client.post(_intake_url(person), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Intake.objects.get(client=person).other_languages == [
        {"language": "ar", "level": "C2"},
        {"language": "en", "level": "B1"},
    ]


def test_the_form_shows_each_stored_language_in_its_own_row_and_blank_rows_to_add_more(
    caseworker_client, municipality
):
    person = ClientFactory(municipality=municipality)
    IntakeFactory(client=person, other_languages=[{"language": "ti", "level": "C1"}])
    page = caseworker_client.get(_intake_url(person)).content.decode()
    assert 'name="other_languages" id="id_other_languages" value="Tigrinya"' in page
    assert '<option value="C1" selected>C1</option>' in page
    assert page.count('name="other_languages"') == 1 + 3
    assert '<option value="Tigrinya">' in page  # the list the browser offers while typing


def test_clearing_a_row_removes_that_language(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    IntakeFactory(
        client=person, other_languages=[{"language": "ar", "level": "C2"}, {"language": "en", "level": "B1"}]
    )
    data = _intake_form(version=str(Intake.objects.get(client=person).version))
    data["other_languages"] = ["", "Engels", ""]
    data["other_languages-level"] = ["C2", "B1", ""]
    caseworker_client.post(_intake_url(person), data)
    # A level left beside an emptied box is a question, not a removal: the form asks for the language.
    assert Intake.objects.get(client=person).other_languages[0]["language"] == "ar"
    data["other_languages-level"] = ["", "B1", ""]
    assert caseworker_client.post(_intake_url(person), data).status_code == 302
    assert Intake.objects.get(client=person).other_languages == [{"language": "en", "level": "B1"}]


@pytest.mark.parametrize(
    ("languages", "levels", "message"),
    [
        (["Klingon"], ["B1"], "‘Klingon’: onbekende taal"),
        (["Arabisch"], [""], "Arabisch: kies een taalniveau"),
        ([""], ["B2"], "Kies bij niveau B2 ook een taal"),
        (["Arabisch"], ["Z9"], "onbekend taalniveau"),
    ],
)
def test_a_row_that_cannot_be_saved_is_named_and_nothing_typed_is_lost(
    caseworker_client, municipality, languages, levels, message
):
    person = ClientFactory(municipality=municipality)
    data = _intake_form(hours_available="32")
    data["other_languages"], data["other_languages-level"] = languages, levels
    response = caseworker_client.post(_intake_url(person), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not Intake.objects.exists()
    if languages[0]:
        assert f'value="{languages[0]}"' in page
    assert 'name="hours_available" value="32"' in page


def test_spoken_languages_are_rows_of_names(caseworker_client, municipality):
    data = registration_form(municipality)
    data["languages_spoken"] = ["Tigrinya", "Arabisch", "", "Tigrinya"]
    response = caseworker_client.post(reverse("cases:client_create"), data)
    assert response.status_code == 302
    person = Client.objects.get()
    assert person.languages_spoken == ["ti", "ar"]  # once each, in the order given
    page = caseworker_client.get(
        reverse("cases:client_edit", kwargs={"client_id": person.pk})
    ).content.decode()
    assert 'name="languages_spoken" id="id_languages_spoken" value="Tigrinya"' in page
    assert 'name="languages_spoken" id="id_languages_spoken-2" value="Arabisch"' in page
