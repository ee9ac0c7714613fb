"""The employer sees each other language a referred candidate speaks, with its level."""

import datetime as dt

import pytest
from django.test import Client as Browser
from django.urls import reverse

from werkroute.cases.models import ConsentScope
from werkroute.cases.selectors import work_profile
from werkroute.cases.services import give_consent
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements import services
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, employer_user

pytestmark = pytest.mark.django_db

LANGUAGES = [{"language": "ar", "level": "C2"}, {"language": "en", "level": "B1"}]


def test_the_work_profile_keeps_each_other_language_with_its_level(municipality):
    person = ClientFactory(municipality=municipality)
    IntakeFactory(client=person, other_languages=LANGUAGES)
    # Before, the stored list of {language, level} became {"language": "level"}.
    assert work_profile(person).other_languages == {"ar": "C2", "en": "B1"}


def test_the_employer_page_shows_the_other_languages(municipality, caseworker):
    person = ClientFactory(municipality=municipality, first_name="Amal")
    IntakeFactory(client=person, other_languages=LANGUAGES)
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer)
    give_consent(
        caseworker,
        person,
        {"scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "given_on": dt.date.today(), "method": "paper"},
    )
    referral = services.propose_referral(caseworker, person, placement)
    services.record_client_consent(caseworker, referral)
    services.send_to_employer(caseworker, referral)
    browser = Browser()
    browser.force_login(employer_user(employer, username="werkgever"))
    content = browser.get(
        reverse("placements:referrals", kwargs={"placement_id": placement.pk})
    ).content.decode()
    assert "Andere talen" in content
    assert "Arabisch C2" in content and "Engels B1" in content
