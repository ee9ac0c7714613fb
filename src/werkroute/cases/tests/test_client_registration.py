import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases.models import Client, TimelineEvent
from werkroute.cases.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

VALID_BSN = "111222333"  # passes the eleven-test


def _form(municipality, **overrides):
    data = {
        "first_name": "Amal",
        "last_name": "Haddad",
        "date_of_birth": "1994-02-03",
        "bsn": VALID_BSN,
        "municipality": municipality.pk,
        "permit_date": "2024-01-15",
        "registration_date": "2024-04-01",
        "languages_spoken": "ar, en",
        "gender": "female",
        "nationality": "sy",
    }
    data.update(overrides)
    return data


def test_caseworker_registers_a_client(caseworker_client, caseworker, municipality):
    response = caseworker_client.post(reverse("cases:client_create"), _form(municipality))
    person = Client.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:client", kwargs={"client_id": person.pk})
    assert person.caseworker == caseworker
    assert person.languages_spoken == ["ar", "en"]
    assert person.nationality == "SY"
    assert person.target_group.code == "statushouder"
    assert person.pip_deadline == dt.date(2024, 6, 10)
    assert TimelineEvent.objects.filter(client=person, kind="client_registered").count() == 1


def test_bsn_failing_the_eleven_test_is_refused_without_echoing_it(caseworker_client, municipality):
    response = caseworker_client.post(reverse("cases:client_create"), _form(municipality, bsn="123456789"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "elfproef" in content
    assert Client.objects.count() == 0
    assert 'value="Amal"' in content  # the rest of the input is kept


def test_bsn_never_appears_in_urls_or_string_forms(caseworker_client, municipality):
    caseworker_client.post(reverse("cases:client_create"), _form(municipality))
    person = Client.objects.get()
    assert VALID_BSN not in str(person)
    assert VALID_BSN not in repr(person)
    assert VALID_BSN not in reverse("cases:client", kwargs={"client_id": person.pk})
    assert VALID_BSN not in caseworker_client.get(reverse("cases:caseload")).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"permit_date": "2999-01-01", "registration_date": "2999-02-01"}, "in de toekomst"),
        ({"registration_date": "2023-12-31"}, "vóór de verblijfsvergunning"),
        ({"date_of_birth": "2025-01-01"}, "na de datum van de verblijfsvergunning"),
        ({"permit_date": ""}, "bepaalt het cohort"),
        ({"postcode": "ABCD"}, "Nederlandse postcode"),
        ({"languages_spoken": "klingon"}, "Onbekende taal: klingon"),
        ({"nationality": "s1"}, "geen land dat Werkroute kent"),
    ],
)
def test_bad_registration_input_gets_a_dutch_message_and_saves_nothing(
    caseworker_client, municipality, overrides, message
):
    response = caseworker_client.post(reverse("cases:client_create"), _form(municipality, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Client.objects.count() == 0


def test_cannot_register_a_client_in_another_municipality(caseworker_client, other_municipality):
    response = caseworker_client.post(reverse("cases:client_create"), _form(other_municipality))
    assert response.status_code == 200  # the municipality is not among the form's choices
    assert Client.objects.count() == 0


def test_stale_edit_does_not_overwrite_a_newer_change(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality, phone="0612345678")
    url = reverse("cases:client_edit", kwargs={"client_id": person.pk})
    form = _form(municipality, phone="0687654321", version=person.version, first_name=person.first_name)
    # Someone else saves first.
    first = caseworker_client.post(url, _form(municipality, phone="0611111111", version=person.version))
    assert first.status_code == 302
    second = caseworker_client.post(url, form)
    assert second.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in second.content.decode()
    assert 'value="0687654321"' in second.content.decode()  # the user's input is still there
    person.refresh_from_db()
    assert person.phone == "0611111111"
    assert person.version == 2
    # The form now carries the stored version: saving again is a deliberate overwrite, nothing retyped.
    assert 'name="version" value="2"' in second.content.decode()
    third = caseworker_client.post(url, {**form, "version": "2"})
    assert third.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0687654321"


def test_a_second_file_for_the_same_bsn_is_refused(caseworker_client, municipality, other_municipality):
    ClientFactory(municipality=other_municipality, bsn=VALID_BSN)
    response = caseworker_client.post(reverse("cases:client_create"), _form(municipality))
    content = response.content.decode()
    assert "Er staat al een klant met dit BSN" in content
    assert other_municipality.name not in content
    assert Client.objects.count() == 1


def test_only_caseworkers_of_the_municipality_can_be_assigned(caseworker_client, municipality):
    from werkroute.accounts.tests.factories import UserFactory

    outsider = UserFactory(username="beheerder")
    response = caseworker_client.post(
        reverse("cases:client_create"), _form(municipality, caseworker=outsider.pk)
    )
    assert response.status_code == 200
    assert Client.objects.count() == 0


def test_the_bsn_is_encrypted_at_rest_and_found_by_its_keyed_hash(caseworker_client, municipality):
    from django.db import connection

    from werkroute.core.crypto import lookup_hash

    caseworker_client.post(reverse("cases:client_create"), _form(municipality))
    person = Client.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_hash FROM cases_client")
        stored_bsn, stored_hash = cursor.fetchone()
    assert VALID_BSN not in stored_bsn and VALID_BSN not in stored_hash
    assert person.bsn == VALID_BSN  # decrypted on reading
    assert Client.objects.get(bsn_hash=lookup_hash(VALID_BSN)) == person


def test_changing_the_bsn_updates_its_hash(caseworker_client, municipality):
    from werkroute.core.crypto import lookup_hash

    person = ClientFactory(municipality=municipality, bsn=VALID_BSN)
    url = reverse("cases:client_edit", kwargs={"client_id": person.pk})
    response = caseworker_client.post(url, _form(municipality, bsn="123456782", version=person.version))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.bsn == "123456782"
    assert person.bsn_hash == lookup_hash("123456782")


@pytest.mark.parametrize("birth", ["1800-01-01", "1850-02-03", "0001-01-01"])
def test_a_date_of_birth_more_than_120_years_ago_is_refused(caseworker_client, municipality, birth):
    response = caseworker_client.post(
        reverse("cases:client_create"), _form(municipality, date_of_birth=birth)
    )
    assert response.status_code == 200
    assert "meer dan 120 jaar geleden kan niet kloppen" in response.content.decode()
    assert Client.objects.count() == 0
