import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.models import ActivityType, ConsentScope, EpisodeKind
from werkroute.cases.services import ConsentRequired, give_consent
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements import services
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, employer_user
from werkroute.placements.workflow import ALLOWED
from werkroute.regions.tests.factories import PostcodeAreaFactory

TODAY = dt.date.today()


@pytest.fixture
def setting(municipality, caseworker):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    client = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AA")
    IntakeFactory(client=client)
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer, postcode=area)
    return client, placement, caseworker


def consent(caseworker, client):
    return give_consent(
        caseworker,
        client,
        {"scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "given_on": TODAY, "method": "paper"},
    )


def test_a_proposal_keeps_the_score_and_its_parts(setting):
    client, placement, caseworker = setting
    referral = services.propose_referral(caseworker, client, placement)
    assert referral.status == ReferralStatus.PROPOSED
    assert 0 < referral.score <= 1
    assert set(referral.score_parts) == {
        "occupation",
        "skills",
        "language",
        "travel",
        "wishes",
        "hours",
        "start",
    }
    assert_audited(object_type="referral", client_id=client.pk)


def test_the_same_client_is_not_proposed_twice_for_one_placement(setting):
    client, placement, caseworker = setting
    services.propose_referral(caseworker, client, placement)
    with pytest.raises(ValidationError, match="al voorgedragen"):
        services.propose_referral(caseworker, client, placement)


def test_sending_without_consent_is_refused(setting):
    client, placement, caseworker = setting
    referral = services.propose_referral(caseworker, client, placement)
    with pytest.raises(ConsentRequired):
        services.record_client_consent(caseworker, referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED


def test_sending_after_the_consent_was_withdrawn_is_refused(setting):
    from werkroute.cases.services import withdraw_consent

    client, placement, caseworker = setting
    given = consent(caseworker, client)
    referral = services.propose_referral(caseworker, client, placement)
    services.record_client_consent(caseworker, referral)
    withdraw_consent(caseworker, given, "paper")
    referral.refresh_from_db()
    # The withdrawal withdrew the referral itself (see test_consent_withdrawal_ends_referrals.py).
    assert referral.status == "withdrawn"
    with pytest.raises(ValidationError):
        services.send_to_employer(caseworker, referral)


def test_the_whole_route_from_proposal_to_six_months_in_work(setting):
    client, placement, caseworker = setting
    consent(caseworker, client)
    referral = services.propose_referral(caseworker, client, placement)
    services.record_client_consent(caseworker, referral)
    services.send_to_employer(caseworker, referral)
    employer = employer_user(placement.employer)
    services.record_interview(employer, referral)
    services.decide(employer, referral, accepted=True)
    services.start_work(caseworker, referral, start_date=TODAY, hours_per_week=16)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STARTED
    assert referral.labour_episode.kind == EpisodeKind.PAID_WORK
    assert referral.labour_episode.hours_per_week == 16  # the client's agreement, not the placement's 24
    assert referral.after_care.activity_type == ActivityType.AFTER_CARE
    services.record_follow_up(caseworker, referral, 3, still_in_work=True)
    services.record_follow_up(caseworker, referral, 6, still_in_work=True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_WORK_6_MONTHS
    assert_audited(object_type="referral", object_id=str(referral.pk), count=8)


def test_a_refusal_needs_a_reason_code(setting):
    client, placement, caseworker = setting
    consent(caseworker, client)
    referral = services.propose_referral(caseworker, client, placement)
    services.record_client_consent(caseworker, referral)
    services.send_to_employer(caseworker, referral)
    with pytest.raises(ValidationError, match="reden van afwijzing"):
        services.decide(caseworker, referral, accepted=False)
    services.decide(caseworker, referral, accepted=False, reason="language")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (ReferralStatus.DECLINED, "language")


def test_steps_out_of_order_are_refused(setting):
    client, placement, caseworker = setting
    referral = services.propose_referral(caseworker, client, placement)
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.start_work(caseworker, referral, start_date=TODAY, hours_per_week=24)
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.send_to_employer(caseworker, referral)


def test_only_the_employer_of_the_placement_records_its_decision(setting):
    client, placement, caseworker = setting
    consent(caseworker, client)
    referral = services.propose_referral(caseworker, client, placement)
    services.record_client_consent(caseworker, referral)
    services.send_to_employer(caseworker, referral)
    with pytest.raises(PermissionDenied):
        services.decide(employer_user(EmployerFactory()), referral, accepted=True)


def test_every_status_is_in_the_transition_table():
    assert set(ALLOWED) == set(ReferralStatus.values)
    for targets in ALLOWED.values():
        assert targets <= set(ReferralStatus.values)
