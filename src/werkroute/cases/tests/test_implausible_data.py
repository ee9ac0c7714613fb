"""Data that cannot be true is refused with a Dutch message, and nothing typed is lost."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from werkroute.cases import services
from werkroute.cases.models import Activity, Client, Education, Note
from werkroute.cases.tests.factories import (
    ClientFactory,
    LabourEpisodeFactory,
    PlanVersionFactory,
)
from werkroute.core.values import MAX_AGE_AT_REGISTRATION, MIN_AGE_AT_REGISTRATION, birth_date_problem

pytestmark = pytest.mark.django_db


def _registration(municipality, **overrides):
    return {
        "first_name": "Amal",
        "last_name": "Haddad",
        "date_of_birth": "1994-02-03",
        "municipality": municipality.pk,
        "permit_date": "2024-01-15",
        "registration_date": "2024-04-01",
        "gender": "female",
        **overrides,
    }


# 1850 is refused too, by the bound that holds whatever the registration date (more than 120 years back,
# test_client_registration); 1910 is within that bound but not at the registration in 2024.
@pytest.mark.parametrize(("birth", "age"), [("2024-01-10", "0 jaar"), ("1910-02-03", "114 jaar")])
def test_a_birth_date_in_2024_or_1910_is_refused_with_the_age_it_would_mean(
    caseworker_client, municipality, birth, age
):
    response = caseworker_client.post(
        reverse("cases:client_create"), _registration(municipality, date_of_birth=birth)
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert age in content and "Controleer het geboortejaar" in content
    assert f'value="{birth}"' in content and 'value="Haddad"' in content  # nothing typed is lost
    assert Client.objects.count() == 0


def test_the_age_bound_at_registration_is_shared_and_inclusive():
    registered = dt.date(2024, 4, 1)
    youngest = dt.date(2024 - MIN_AGE_AT_REGISTRATION, 4, 1)
    oldest = dt.date(2024 - MAX_AGE_AT_REGISTRATION - 1, 4, 2)
    assert birth_date_problem(youngest, registered) is None
    assert birth_date_problem(youngest + dt.timedelta(days=1), registered) is not None
    assert birth_date_problem(oldest, registered) is None
    assert birth_date_problem(oldest - dt.timedelta(days=1), registered) is not None


@pytest.mark.parametrize("typed", ["XX", "Atlantis"])
def test_an_unknown_nationality_is_refused(caseworker_client, municipality, typed):
    response = caseworker_client.post(
        reverse("cases:client_create"), _registration(municipality, nationality=typed)
    )
    content = response.content.decode()
    assert "geen land dat Werkroute kent" in content
    assert f'value="{typed}"' in content
    assert Client.objects.count() == 0


def test_a_country_typed_as_its_dutch_name_is_stored_as_its_own_code_not_cut_to_two_letters(
    caseworker_client, municipality
):
    """Irak used to be cut to IR by the two-character box, which is Iran."""
    response = caseworker_client.post(
        reverse("cases:client_create"),
        _registration(
            municipality, nationality="Irak", country_of_birth="Syrië", languages_spoken="Arabisch, Koerdisch"
        ),
    )
    assert response.status_code == 302
    person = Client.objects.get()
    assert (person.nationality, person.country_of_birth) == ("IQ", "SY")
    assert person.languages_spoken == ["ar", "ku"]


def test_stored_codes_are_shown_as_dutch_names_and_saved_unchanged(caseworker_client, municipality):
    person = ClientFactory(
        municipality=municipality, nationality="ER", country_of_birth="ET", languages_spoken=["ti", "ar"]
    )
    url = reverse("cases:client_edit", kwargs={"client_id": person.pk})
    content = caseworker_client.get(url).content.decode()
    assert 'value="Eritrea"' in content and 'value="Ethiopië"' in content
    assert 'value="Tigrinya"' in content and 'value="Arabisch"' in content  # one row each
    assert '<option value="Irak">' in content  # the searchable list of names
    form = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "municipality": municipality.pk,
        "permit_date": person.permit_date.isoformat(),
        "registration_date": person.registration_date.isoformat(),
        "gender": person.gender,
        "nationality": "Eritrea",
        "country_of_birth": "Ethiopië",
        "languages_spoken": "Tigrinya, Arabisch",
        "version": person.version,
    }
    assert caseworker_client.post(url, form).status_code == 302
    person.refresh_from_db()
    assert (person.nationality, person.country_of_birth, person.languages_spoken) == (
        "ER",
        "ET",
        ["ti", "ar"],
    )


def test_intake_countries_and_languages_take_dutch_names(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:intake", kwargs={"client_id": person.pk})
    data = {
        "intake_date": (person.registration_date + dt.timedelta(days=7)).isoformat(),
        "dutch_listening": "A1",
        "dutch_reading": "A1",
        "dutch_speaking": "A1",
        "dutch_writing": "A0",
        "other_languages": "Arabisch=C2, Engels=B1",
        "learning_route_advice": "B1",
        "education-TOTAL_FORMS": "1",
        "education-INITIAL_FORMS": "0",
        "education-0-isced_level": "3",
        "education-0-country": "Irak",
        "education-0-recognition": "none",
        "work-TOTAL_FORMS": "0",
        "work-INITIAL_FORMS": "0",
    }
    response = caseworker_client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert Education.objects.get().country == "IQ"
    assert person.intake.other_languages == [
        {"language": "ar", "level": "C2"},
        {"language": "en", "level": "B1"},
    ]


def test_an_activity_of_500_hours_a_week_is_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {
            "activity_type": "language_course",
            "start_date": dt.date.today().isoformat(),
            "hours_per_week": "500",
        },
    )
    content = response.content.decode()
    assert "Meer dan 60 uur per week is niet aannemelijk" in content
    assert 'value="500"' in content
    assert not Activity.objects.exists()


def test_an_activity_planned_before_the_permit_is_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality, permit_date=dt.date(2022, 3, 1))
    response = caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {"activity_type": "language_course", "start_date": "2010-09-01", "description": "Taalles"},
    )
    content = response.content.decode()
    assert "De startdatum ligt vóór de verblijfsvergunning (1-3-2022)" in content, re.findall(
        r"<p>[^<]*</p>", content
    )
    assert 'value="Taalles"' in content
    assert not Activity.objects.exists()


def test_back_and_resubmit_of_a_note_does_not_duplicate_it(caseworker_client, municipality):
    """The back button loads the note form anew with a fresh one-time token; the service refuses the copy."""
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:note_create", kwargs={"client_id": person.pk})
    note = {"channel": "phone", "occurred_on": dt.date.today().isoformat(), "text": "Gebeld over de taalles."}
    for _attempt in range(2):
        page = caseworker_client.get(url).content.decode()
        token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
        response = caseworker_client.post(url, {**note, "form_token": token})
    assert "staat al in het dossier" in response.content.decode()
    assert Note.objects.filter(client=person).count() == 1


def test_two_part_time_jobs_at_once_are_two_spells_each_with_its_hours(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    start = dt.date.today() - dt.timedelta(days=30)
    first = services.record_labour_episode(
        caseworker,
        person,
        {"kind": "paid_work", "start_date": start, "hours_per_week": 12, "employer_name": "Hotel"},
    )
    second = services.record_labour_episode(
        caseworker,
        person,
        {
            "kind": "paid_work",
            "start_date": start + dt.timedelta(days=7),
            "hours_per_week": 16,
            "employer_name": "Schoonmaak",
        },
    )
    assert {first.hours_per_week, second.hours_per_week} == {12, 16}
    services.end_labour_episode(caseworker, first, dt.date.today())


def test_other_kinds_still_refuse_an_overlap(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    start = dt.date.today() - dt.timedelta(days=30)
    LabourEpisodeFactory(client=person, kind="social_assistance", start_date=start, end_date=None)
    with pytest.raises(Exception, match="overlapt"):
        services.record_labour_episode(
            caseworker, person, {"kind": "social_assistance", "start_date": start + dt.timedelta(days=1)}
        )


def test_revising_a_plan_does_not_copy_a_review_date_that_has_passed(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    PlanVersionFactory(client=person, number=1, review_date=dt.date.today() - dt.timedelta(days=20))
    response = caseworker_client.get(reverse("cases:plan_create", kwargs={"client_id": person.pk}))
    form = response.context["form"]
    assert form["review_date"].value() is None
    assert "is voorbij. Kies een nieuwe evaluatiedatum" in response.content.decode()


def test_revising_a_plan_keeps_a_review_date_still_ahead(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    ahead = dt.date.today() + dt.timedelta(days=20)
    PlanVersionFactory(client=person, number=1, review_date=ahead)
    response = caseworker_client.get(reverse("cases:plan_create", kwargs={"client_id": person.pk}))
    assert response.context["form"]["review_date"].value() == ahead
    assert "is voorbij" not in response.content.decode()
