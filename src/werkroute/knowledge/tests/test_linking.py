"""An activity names the intervention it carries out (through the service, on the timeline, audited);
the plan page leads to interventions that fit the client's intake, with the reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.models import ActivityStatus, LimitingCircumstance
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, IntakeFactory, PlanVersionFactory
from werkroute.knowledge.events import Kind
from werkroute.knowledge.models import ActivityIntervention
from werkroute.knowledge.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(municipality):
    person = ClientFactory(municipality=municipality, last_name="Haile")
    IntakeFactory(
        client=person,
        dutch_listening="A2",
        dutch_reading="A2",
        dutch_speaking="A2",
        dutch_writing="A1",
        limiting_circumstances=[LimitingCircumstance.CHILDCARE],
        wished_sectors=["zorg"],
    )
    PlanVersionFactory(client=person, learning_route="B1")
    return person


def test_suggestions_fit_the_intake_and_say_why(caseworker_client, person):
    InterventionFactory(
        name="Zorg op maat", learning_routes=["B1"], dutch_from="A1", dutch_to="B1", sectors=["zorg"]
    )
    InterventionFactory(name="Moeders aan het werk", circumstances=[LimitingCircumstance.CHILDCARE])
    InterventionFactory(name="Onderwijsroute plus", learning_routes=["ONDERWIJS"], sectors=["zorg"])
    InterventionFactory(name="Voor gevorderden", dutch_from="B2", sectors=["zorg"])
    InterventionFactory(name="Techniek", sectors=["techniek"])
    file = caseworker_client.get(reverse("cases:client", args=[person.pk])).content.decode()
    link = reverse("knowledge:client_suggestions", args=[person.pk])
    assert link in file
    response = caseworker_client.get(link)
    suggestions = response.context["suggestions"]
    assert [suggestion.intervention.name for suggestion in suggestions] == [
        "Zorg op maat",
        "Moeders aan het werk",
    ]
    content = response.content.decode()
    assert "past bij de leerroute: B1-route" in content
    assert "past bij het niveau Nederlands: A1" in content
    assert "sluit aan bij de wens: zorg" in content
    assert "houdt rekening met: kinderopvang of mantelzorg" in content


def test_linking_an_activity_is_on_the_timeline_and_audited(caseworker_client, caseworker, person):
    intervention = InterventionFactory(name="Duaal traject Oost")
    activity = ActivityFactory(client=person)
    url = reverse("knowledge:activity_link", args=[person.pk, activity.pk])
    assert caseworker_client.get(url).status_code == 200
    response = caseworker_client.post(url, {"intervention": intervention.pk})
    assert response.status_code == 302
    assert ActivityIntervention.objects.get(activity=activity).intervention == intervention
    event = person.timeline_events.get(kind=Kind.ACTIVITY_INTERVENTION_LINKED)
    assert event.data["intervention"] == "Duaal traject Oost"
    assert_audited(object_type=Kind.ACTIVITY_INTERVENTION_LINKED, client_id=str(person.pk), actor=caseworker)
    file = caseworker_client.get(reverse("cases:client", args=[person.pk])).content.decode()
    assert "voert de interventie Duaal traject Oost uit" in file
    listing = caseworker_client.get(
        reverse("knowledge:client_suggestions", args=[person.pk])
    ).content.decode()
    assert "Duaal traject Oost" in listing

    caseworker_client.post(url, {"intervention": ""})
    assert not ActivityIntervention.objects.filter(activity=activity).exists()
    assert person.timeline_events.filter(kind=Kind.ACTIVITY_INTERVENTION_LINKED).count() == 2


def test_a_cancelled_activity_cannot_be_linked(caseworker_client, person):
    intervention = InterventionFactory()
    activity = ActivityFactory(client=person, status=ActivityStatus.CANCELLED)
    response = caseworker_client.post(
        reverse("knowledge:activity_link", args=[person.pk, activity.pk]), {"intervention": intervention.pk}
    )
    assert response.status_code == 200
    assert "geannuleerde activiteit" in response.content.decode()
    assert not ActivityIntervention.objects.exists()


def test_an_unknown_intervention_is_a_form_error(caseworker_client, person):
    activity = ActivityFactory(client=person)
    response = caseworker_client.post(
        reverse("knowledge:activity_link", args=[person.pk, activity.pk]), {"intervention": "999999"}
    )
    assert response.status_code == 200
    assert not ActivityIntervention.objects.exists()


def test_a_client_of_another_municipality_is_not_found(caseworker_client, other_municipality):
    stranger = ClientFactory(municipality=other_municipality)
    activity = ActivityFactory(client=stranger)
    intervention = InterventionFactory()
    assert (
        caseworker_client.get(reverse("knowledge:client_suggestions", args=[stranger.pk])).status_code == 404
    )
    posted = caseworker_client.post(
        reverse("knowledge:activity_link", args=[stranger.pk, activity.pk]), {"intervention": intervention.pk}
    )
    assert posted.status_code == 404
    assert not ActivityIntervention.objects.exists()


def test_deleting_the_activity_deletes_the_link(person):
    activity = ActivityFactory(client=person)
    ActivityIntervention.objects.create(activity=activity, intervention=InterventionFactory())
    person.delete()
    assert not ActivityIntervention.objects.exists()
