"""Early start: a status holder can be registered as soon as the COA links them to the municipality,
while they still live in the reception centre (AZC), and the intake may take place there. The cohort
still counts from the permit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from werkroute.cases import services
from werkroute.cases.models import Client, TimelineEvent
from werkroute.cases.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 1)


def _form(municipality, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "first_name": "Yonas",
        "last_name": "Tesfaye",
        "date_of_birth": "1996-02-03",
        "municipality": municipality.pk,
        "permit_date": "2024-01-15",
        "linked_on": "2024-03-01",
        "registration_date": "",
        "gender": "male",
    }
    return data | overrides


def test_a_client_linked_but_not_yet_living_here_is_registered(caseworker_client, municipality):
    response = caseworker_client.post(reverse("cases:client_create"), _form(municipality))
    assert response.status_code == 302
    person = Client.objects.get()
    assert person.registration_date is None and person.linked_on == dt.date(2024, 3, 1)
    assert person.cohort == 2024  # from the permit, not from the link
    assert person.pip_deadline is None  # the legal term starts at the registration
    event = TimelineEvent.objects.get(client=person, kind="client_registered")
    assert event.occurred_on == dt.date(2024, 3, 1) and event.data == {"early": True}
    page = caseworker_client.get(response.url).content.decode()
    assert "nog niet, woont in het AZC" in page and "01-03-2024" in page
    assert "Aangemeld na de koppeling aan de gemeente" in page


def test_without_a_registration_or_link_date_nothing_is_saved(caseworker_client, municipality):
    response = caseworker_client.post(reverse("cases:client_create"), _form(municipality, linked_on=""))
    assert response.status_code == 200
    assert "of de datum van koppeling als de klant nog in het AZC woont" in response.content.decode()
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("linked_on", "message"),
    [
        (dt.date(2023, 12, 1), "vóór de verblijfsvergunning"),
        (TODAY + dt.timedelta(days=1), "ligt in de toekomst"),
    ],
)
def test_an_impossible_link_date_is_refused(caseworker, municipality, linked_on, message):
    values = {
        "first_name": "Yonas",
        "last_name": "Tesfaye",
        "date_of_birth": dt.date(1996, 2, 3),
        "municipality": municipality,
        "permit_date": dt.date(2024, 1, 15),
        "linked_on": linked_on,
        "registration_date": None,
    }
    with pytest.raises(ValidationError, match=message) as refused:
        services.register_client(caseworker, values, today=TODAY)
    assert "linked_on" in refused.value.message_dict


def test_the_intake_may_take_place_in_the_reception_centre(caseworker):
    person = ClientFactory(
        municipality=caseworker.memberships.get().organisation.municipality,
        permit_date=dt.date(2024, 1, 15),
        linked_on=dt.date(2024, 3, 1),
        registration_date=None,
    )
    before_link = _intake(dt.date(2024, 2, 28))
    with pytest.raises(ValidationError, match="koppeling"):
        services.record_intake(caseworker, person, before_link, None, today=TODAY)
    intake = services.record_intake(caseworker, person, _intake(dt.date(2024, 3, 20)), None, today=TODAY)
    assert intake.intake_date == dt.date(2024, 3, 20)
    # Moving in later does not make the intake in the AZC wrong.
    services.update_client(
        caseworker, person, person.version, {"registration_date": dt.date(2024, 5, 1)}, today=TODAY
    )
    person.refresh_from_db()
    assert person.registration_date == dt.date(2024, 5, 1) and person.cohort == 2024


def _intake(day: dt.date) -> services.IntakeInput:
    return services.IntakeInput(
        values={
            "intake_date": day,
            "dutch_listening": "A1",
            "dutch_reading": "A1",
            "dutch_speaking": "A1",
            "dutch_writing": "A1",
        },
        education=[],
        work_experience=[],
        skills=[],
        wished_occupations=[],
    )
