import datetime as dt

import pytest
from django.urls import reverse

from werkroute.audit.tests.helpers import assert_audited, assert_not_audited
from werkroute.cases.models import ConsentScope, WorkExperience
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, IntakeFactory
from werkroute.placements.models import Placement, Referral, ReferralStatus
from werkroute.placements.selectors import pseudonym
from werkroute.placements.tests.factories import (
    EmployerFactory,
    PlacementFactory,
    employer_user,
    service_point_worker,
)
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory


@pytest.fixture
def market(municipality):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cleaner = OccupationFactory(preferred_label="schoonmaker")
    employer = EmployerFactory(region=municipality.region, name="Schoon BV")
    placement = PlacementFactory(
        employer=employer,
        occupation=cleaner,
        postcode=area,
        title="Schoonmaker kantoren",
        min_dutch_speaking="B1",
    )
    person = ClientFactory(
        municipality=municipality, postcode=f"{area.pc4} AB", first_name="Amal", last_name="Haddad"
    )
    intake = IntakeFactory(client=person, dutch_speaking="A2")
    WorkExperience.objects.create(intake=intake, occupation=cleaner, years=3)
    return person, placement


def test_the_client_page_explains_each_recommendation_in_plain_dutch(caseworker_client, market):
    person, _placement = market
    response = caseworker_client.get(reverse("placements:client", kwargs={"client_id": person.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Schoonmaker kantoren" in content
    assert "U heeft ervaring in dit beroep." in content
    assert "Voor spreken is B1 nodig. U heeft A2." in content
    # The only placement is already within reach, so no change would bring more: no counterfactual.
    assert "extra plaats" not in content


def test_proposing_from_the_client_page_creates_a_referral(caseworker_client, market):
    person, placement = market
    url = reverse("placements:client", kwargs={"client_id": person.pk})
    response = caseworker_client.post(url, {"placement": placement.pk}, follow=True)
    assert "Voorgedragen: Schoonmaker kantoren." in response.content.decode()
    referral = Referral.objects.get(client=person, placement=placement)
    assert referral.status == ReferralStatus.PROPOSED
    refused = caseworker_client.post(url, {"referral": referral.pk, "action": "consent"}, follow=True)
    assert referral.__class__.objects.get(pk=referral.pk).status == ReferralStatus.PROPOSED
    assert "toestemming" in refused.content.decode().lower()


def test_a_client_without_an_intake_gets_a_clear_message(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.get(reverse("placements:client", kwargs={"client_id": person.pk}))
    assert response.status_code == 200
    assert "nog geen brede intake" in response.content.decode()


def test_candidates_are_pseudonymous_to_the_service_point_even_with_consent(client, municipality, market):
    person, placement = market
    worker = service_point_worker(municipality.region)
    client.force_login(worker)
    url = reverse("placements:detail", kwargs={"placement_id": placement.pk})
    content = client.get(url).content.decode()
    assert pseudonym(person) in content and "Haddad" not in content
    assert_audited(client_id=person.pk, actor_id=worker.pk, object_type="candidate")
    # A consent lets a referral's work profile reach an employer; it puts no name in a list.
    ConsentFactory(client=person, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, given_on=dt.date.today())
    content = client.get(url).content.decode()
    assert pseudonym(person) in content and "Haddad" not in content and "Amal" not in content


def test_a_caseworker_of_another_municipality_sees_candidates_by_pseudonym(
    client, other_municipality, market
):
    from werkroute.accounts.tests.factories import caseworker_of

    person, placement = market
    ConsentFactory(client=person, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, given_on=dt.date.today())
    client.force_login(caseworker_of(other_municipality, username="buurgemeente"))
    content = client.get(reverse("placements:detail", kwargs={"placement_id": placement.pk})).content.decode()
    assert pseudonym(person) in content and "Haddad" not in content and "Amal" not in content


def test_the_clients_own_caseworker_sees_the_candidate_by_name(caseworker_client, market):
    _person, placement = market
    url = reverse("placements:detail", kwargs={"placement_id": placement.pk})
    assert "Amal Haddad" in caseworker_client.get(url).content.decode()


def test_an_employer_gets_no_candidate_list_at_all(client, municipality, market):
    person, placement = market
    ConsentFactory(client=person, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, given_on=dt.date.today())
    user = employer_user(placement.employer)
    client.force_login(user)
    content = client.get(reverse("placements:detail", kwargs={"placement_id": placement.pk})).content.decode()
    assert "Haddad" not in content and "Amal" not in content and pseudonym(person) not in content
    assert "Score" not in content
    assert_not_audited(actor_id=user.pk, object_type="candidate")


def test_the_service_point_sees_an_optimal_batch_with_equity_figures(client, municipality, market):
    person, _placement = market
    client.force_login(service_point_worker(municipality.region))
    content = client.get(reverse("placements:batch")).content.decode()
    assert "Gelijke kansen" in content
    assert pseudonym(person) in content and "Haddad" not in content


def test_only_the_service_point_opens_the_batch(caseworker_client):
    assert caseworker_client.get(reverse("placements:batch")).status_code == 403


def test_an_employer_adds_a_placement_through_the_form(client, municipality):
    employer = EmployerFactory(region=municipality.region)
    area = PostcodeAreaFactory(municipality=municipality)
    occupation = OccupationFactory()
    client.force_login(employer_user(employer))
    form = {
        "employer": employer.pk,
        "kind": "work_experience",
        "title": "Magazijnmedewerker",
        "occupation": occupation.pk,
        "pc4": area.pc4,
        "hours_per_week": 24,
        "capacity": 2,
        "min_dutch_listening": "A2",
        "min_dutch_reading": "A1",
        "min_dutch_speaking": "A2",
        "min_dutch_writing": "A0",
        "status": "open",
    }
    response = client.post(reverse("placements:create"), form)
    placement = Placement.objects.get(title="Magazijnmedewerker")
    assert response.status_code == 302
    assert placement.postcode == area
    bad = client.post(reverse("placements:create"), {**form, "pc4": "0000", "title": "Onbekend"})
    assert "Deze postcode kennen we niet" in bad.content.decode()


def test_the_algorithm_register_is_one_click_from_the_recommendations(caseworker_client, market):
    person, _placement = market
    page = caseworker_client.get(
        reverse("placements:client", kwargs={"client_id": person.pk})
    ).content.decode()
    assert reverse("placements:algorithm_register") in page
    register = caseworker_client.get(reverse("placements:algorithm_register")).content.decode()
    assert "Menselijke tussenkomst" in register and "Niet gebruikt: nationaliteit" in register
