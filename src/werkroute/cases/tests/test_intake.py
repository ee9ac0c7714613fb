import pytest
from django.urls import reverse

from werkroute.cases.models import Intake
from werkroute.cases.tests.factories import ClientFactory
from werkroute.taxonomy.tests.factories import OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _intake_form(**overrides):
    data = {
        "intake_date": "2022-06-20",
        "dutch_listening": "A2",
        "dutch_reading": "A1",
        "dutch_speaking": "A2",
        "dutch_writing": "A0",
        "other_languages": "ar=C2, en=B1",
        "limiting_circumstances": ["childcare", "housing"],
        "circumstances_note": "",
        "hours_available": "24",
        "wished_sectors": "zorg, logistiek",
        "max_travel_minutes": "45",
        "learning_route_advice": "B1",
        "education-TOTAL_FORMS": "1",
        "education-INITIAL_FORMS": "0",
        "education-MIN_NUM_FORMS": "0",
        "education-MAX_NUM_FORMS": "10",
        "education-0-isced_level": "3",
        "education-0-field": "Bouwkunde",
        "education-0-years": "3",
        "education-0-country": "sy",
        "education-0-recognition": "requested",
        "work-TOTAL_FORMS": "1",
        "work-INITIAL_FORMS": "0",
        "work-MIN_NUM_FORMS": "0",
        "work-MAX_NUM_FORMS": "10",
        "work-0-years": "",
        "work-0-country": "",
    }
    data.update(overrides)
    return data


def test_caseworker_records_the_brede_intake(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    welder = OccupationFactory(preferred_label="lasser")
    skill = SkillFactory()
    response = caseworker_client.post(
        reverse("cases:intake", kwargs={"client_id": person.pk}),
        _intake_form(
            **{"work-0-occupation": welder.pk, "work-0-years": "6", "work-0-country": "SY"},
            skills=[skill.pk],
            wished_occupations=[welder.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    intake = Intake.objects.get(client=person)
    assert intake.dutch_levels == {"listening": "A2", "reading": "A1", "speaking": "A2", "writing": "A0"}
    assert intake.other_languages == [{"language": "ar", "level": "C2"}, {"language": "en", "level": "B1"}]
    assert intake.limiting_circumstances == ["childcare", "housing"]
    assert intake.education.get().country == "SY"
    assert intake.work_experience.get().occupation == welder
    assert list(intake.skills.all()) == [skill]
    assert intake.wished_sectors == ["zorg", "logistiek"]
    detail = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "lasser" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dutch_speaking": "B7"}, "geldige keuze"),
        ({"other_languages": "ar=Z9"}, "onbekend taalniveau"),
        ({"intake_date": "2999-01-01"}, "in de toekomst"),
        ({"intake_date": "2020-01-01"}, "vóór de inschrijving"),
        ({"hours_available": "90"}, "60 uur"),
    ],
)
def test_bad_intake_input_is_refused_with_a_dutch_message(
    caseworker_client, municipality, overrides, message
):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:intake", kwargs={"client_id": person.pk}), _intake_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Intake.objects.exists()


def test_second_save_updates_and_a_stale_one_is_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:intake", kwargs={"client_id": person.pk})
    caseworker_client.post(url, _intake_form())
    # As the browser sends it: the stored education row comes back as an initial form.
    again = {"version": "1", "education-INITIAL_FORMS": "1"}
    assert caseworker_client.post(url, _intake_form(dutch_speaking="B1", **again)).status_code == 302
    stale = caseworker_client.post(url, _intake_form(dutch_speaking="C1", **again))
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    intake = Intake.objects.get()
    assert intake.dutch_speaking == "B1"
    assert intake.education.count() == 1  # replaced, not duplicated


def test_opening_a_new_intake_while_someone_recorded_one_is_a_conflict(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:intake", kwargs={"client_id": person.pk})
    caseworker_client.post(url, _intake_form())
    response = caseworker_client.post(
        url, _intake_form(dutch_speaking="C1")
    )  # form opened before: no version
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()


def test_an_intake_update_is_dated_on_the_day_it_was_made(caseworker_client, municipality):
    import datetime as dt

    from werkroute.cases.models import TimelineEvent

    person = ClientFactory(municipality=municipality)
    url = reverse("cases:intake", kwargs={"client_id": person.pk})
    caseworker_client.post(url, _intake_form())
    caseworker_client.post(url, _intake_form(dutch_speaking="B1", version="1"))
    dates = sorted(
        TimelineEvent.objects.filter(client=person, kind="intake_recorded").values_list(
            "occurred_on", flat=True
        )
    )
    assert dates == [dt.date(2022, 6, 20), dt.date.today()]
