"""Steps of a referral that need more than a click are done where they are asked for, in one step."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from werkroute.cases.models import ActivityStatus, Consent, ConsentScope
from werkroute.cases.tests.factories import ActivityFactory
from werkroute.placements import services
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import employer_user
from werkroute.placements.tests.test_referral_workflow import consent, setting  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_the_consent_is_recorded_with_the_referral_in_one_step(setting, caseworker_client):  # noqa: F811
    client, placement, caseworker = setting
    referral = services.propose_referral(caseworker, client, placement)
    url = reverse("placements:client", kwargs={"client_id": client.pk})
    page = caseworker_client.get(url).content.decode()
    assert f"?stap=toestemming&amp;voordracht={referral.pk}#stap" in page  # no dead-end button
    step = caseworker_client.get(url, {"stap": "toestemming", "voordracht": referral.pk}).content.decode()
    assert "Getolkt in" in step and "Hoe gegeven" in step
    response = caseworker_client.post(
        url,
        {
            "step": "toestemming",
            "referral": referral.pk,
            "given_on": TODAY.isoformat(),
            "method": "in_person",
            "interpreter_language": "Arabisch",
        },
    )
    assert response.status_code == 302 and response.url.endswith("#referrals")
    referral.refresh_from_db()
    given = Consent.objects.get(client=client)
    assert referral.status == ReferralStatus.CONSENTED and referral.consent == given
    assert (given.scope, given.method, given.interpreter_language) == (
        ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "in_person",
        "ar",
    )


def _accepted(setting):  # noqa: F811
    client, placement, caseworker = setting
    consent(caseworker, client)
    referral = services.propose_referral(caseworker, client, placement)
    services.record_client_consent(caseworker, referral)
    services.send_to_employer(caseworker, referral)
    services.decide(employer_user(placement.employer), referral, accepted=True)
    return referral


def test_a_job_start_asks_for_the_agreed_hours_and_what_happens_to_planned_activities(
    setting,  # noqa: F811
    caseworker_client,
):
    client, placement, _caseworker = setting
    referral = _accepted(setting)
    course = ActivityFactory(client=client, description="Taalcursus", status=ActivityStatus.PLANNED)
    coaching = ActivityFactory(client=client, description="Jobcoaching", status=ActivityStatus.PLANNED)
    url = reverse("placements:client", kwargs={"client_id": client.pk})
    step = caseworker_client.get(url, {"stap": "start", "voordracht": referral.pk}).content.decode()
    assert "Taalcursus" in step and "Jobcoaching" in step
    # The hours come from the agreement with the client: the field starts empty, not at the placement's.
    (hours_field,) = re.findall(r'<input[^>]*name="hours_per_week"[^>]*>', step)
    assert "value=" not in hours_field, hours_field

    missing_hours = caseworker_client.post(
        url, {"step": "start", "referral": referral.pk, "start_date": TODAY.isoformat()}
    )
    assert missing_hours.status_code == 200 and "Dit veld is verplicht" in missing_hours.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED

    response = caseworker_client.post(
        url,
        {
            "step": "start",
            "referral": referral.pk,
            "start_date": TODAY.isoformat(),
            "hours_per_week": "12",
            "cancel_activities": [coaching.pk],
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    course.refresh_from_db()
    coaching.refresh_from_db()
    assert referral.status == ReferralStatus.STARTED and referral.labour_episode.hours_per_week == 12
    assert (course.status, coaching.status) == (ActivityStatus.PLANNED, ActivityStatus.CANCELLED)
    assert placement.title in coaching.stop_reason


def test_a_second_job_beside_a_first_can_be_started(setting, caseworker):  # noqa: F811
    from werkroute.cases import services as cases

    client, _placement, _caseworker = setting
    cases.record_labour_episode(
        caseworker,
        client,
        {"kind": "paid_work", "start_date": TODAY - dt.timedelta(days=60), "hours_per_week": 12},
    )
    referral = _accepted(setting)
    services.start_work(caseworker, referral, start_date=TODAY, hours_per_week=16)
    assert sorted(client.labour_episodes.values_list("hours_per_week", flat=True)) == [12, 16]
