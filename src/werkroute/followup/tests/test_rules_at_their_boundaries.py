"""Each rule of the table on the day before it holds, the day it starts to hold, and (where it has one)
the day it stops. Every client gets what the rule is about and nothing else that another rule reads, so
the findings of one rule are checked in isolation through the same code the sweep runs."""

import datetime as dt

import pytest

from werkroute.cases import events
from werkroute.cases.models import ActivityStatus, ActivityType, EpisodeKind
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    ConsentFactory,
    HandoverFactory,
    IntakeFactory,
    LabourEpisodeFactory,
    NoteFactory,
    PlanVersionFactory,
)
from werkroute.followup.models import RuleThreshold
from werkroute.followup.sweep import find_all, find_all_by_queries
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import ReferralFactory
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

D = dt.date


def holds(rule: str, client, today: dt.date) -> set[str]:  # type: ignore[no-untyped-def]
    """The subjects for which ``rule`` holds for ``client`` on ``today``."""
    found = find_all(today, [client.pk])
    # The sweep evaluates the rules on column arrays; each rule's own queries must find the same.
    assert found == find_all_by_queries(today, [client.pk])
    return {subject for (client_id, subject) in found[rule] if client_id == client.pk}


def test_intake_not_started_after_four_weeks():
    client = ClientFactory(registration_date=D(2024, 3, 1), permit_date=D(2024, 1, 10))
    assert not holds("intake_not_started", client, D(2024, 3, 28))
    assert holds("intake_not_started", client, D(2024, 3, 29)) == {""}
    IntakeFactory(client=client)
    assert not holds("intake_not_started", client, D(2024, 3, 29))


def test_intake_not_started_counts_from_the_link_before_the_client_moves_in():
    # Early start: linked on 1 March, still in the reception centre (no registration yet).
    client = ClientFactory(registration_date=None, linked_on=D(2024, 3, 1), permit_date=D(2024, 1, 10))
    assert not holds("intake_not_started", client, D(2024, 3, 28))
    assert holds("intake_not_started", client, D(2024, 3, 29)) == {""}


def test_intake_not_started_counts_from_the_later_of_link_and_registration():
    # Linked on 1 March, moved in and registered on 1 May: the four weeks run from 1 May.
    client = ClientFactory(
        registration_date=D(2024, 5, 1), linked_on=D(2024, 3, 1), permit_date=D(2024, 1, 10)
    )
    assert not holds("intake_not_started", client, D(2024, 5, 28))
    assert holds("intake_not_started", client, D(2024, 5, 29)) == {""}
    # Linked after the registration (someone who already lived there): from the link.
    late = ClientFactory(registration_date=D(2024, 3, 1), linked_on=D(2024, 4, 1), permit_date=D(2024, 1, 10))
    assert not holds("intake_not_started", late, D(2024, 4, 28))
    assert holds("intake_not_started", late, D(2024, 4, 29)) == {""}


def test_handover_pending_from_the_request_until_acceptance():
    receiving = MunicipalityFactory()
    client = ClientFactory()
    handover = HandoverFactory(
        client=client, to_municipality=receiving, status="requested", requested_on=D(2024, 3, 1)
    )
    assert not holds("handover_pending", client, D(2024, 2, 29))
    assert holds("handover_pending", client, D(2024, 3, 1)) == {f"handover:{handover.pk}"}
    handover.status, handover.sent_on = "sent", D(2024, 3, 5)
    handover.save()
    assert holds("handover_pending", client, D(2024, 3, 5)) == {f"handover:{handover.pk}"}
    handover.status = "accepted"
    handover.save()
    assert not holds("handover_pending", client, D(2024, 3, 6))


def test_a_municipality_sets_its_own_threshold():
    client = ClientFactory(registration_date=D(2024, 3, 1), permit_date=D(2024, 1, 10))
    other = ClientFactory(registration_date=D(2024, 3, 1), permit_date=D(2024, 1, 10))
    RuleThreshold.objects.create(
        municipality=client.municipality, rule="intake_not_started", name="weeks", value=2
    )
    assert holds("intake_not_started", client, D(2024, 3, 15))
    assert not holds("intake_not_started", client, D(2024, 3, 14))
    assert not holds("intake_not_started", other, D(2024, 3, 15))
    assert holds("intake_not_started", other, D(2024, 3, 29))


def test_pip_deadline_approaching_then_passed():
    # Registered 1 March 2024: the PIP is due ten weeks later, on 10 May 2024.
    client = ClientFactory(registration_date=D(2024, 3, 1), permit_date=D(2024, 1, 10))
    assert not holds("pip_deadline_approaching", client, D(2024, 4, 25))
    assert holds("pip_deadline_approaching", client, D(2024, 4, 26))
    assert holds("pip_deadline_approaching", client, D(2024, 5, 10))
    assert not holds("pip_deadline_passed", client, D(2024, 5, 10))
    assert holds("pip_deadline_passed", client, D(2024, 5, 11))
    assert not holds("pip_deadline_approaching", client, D(2024, 5, 11))
    PlanVersionFactory(client=client, number=1, plan_date=D(2024, 5, 1))
    assert not holds("pip_deadline_passed", client, D(2024, 5, 11))


def test_pip_deadline_only_under_the_integration_law():
    client = ClientFactory(registration_date=D(2021, 12, 31), permit_date=D(2021, 10, 1))
    assert not holds("pip_deadline_passed", client, D(2022, 6, 1))


def test_plan_review_date_passed_on_the_newest_version():
    client = ClientFactory()
    PlanVersionFactory(client=client, number=1, plan_date=D(2022, 8, 1), review_date=D(2023, 2, 1))
    assert not holds("plan_review_passed", client, D(2023, 2, 1))
    assert holds("plan_review_passed", client, D(2023, 2, 2)) == {"plan:1"}
    PlanVersionFactory(client=client, number=2, plan_date=D(2023, 2, 3), review_date=D(2023, 8, 1))
    assert not holds("plan_review_passed", client, D(2023, 2, 3))


def test_no_active_activity_for_eight_weeks():
    client = ClientFactory()
    PlanVersionFactory(client=client, number=1, plan_date=D(2022, 8, 1))
    assert not holds("no_active_activity", client, D(2022, 9, 25))
    assert holds("no_active_activity", client, D(2022, 9, 26))
    ActivityFactory(client=client, status=ActivityStatus.PLANNED, start_date=D(2022, 10, 1))
    assert not holds("no_active_activity", client, D(2022, 9, 26))


def test_no_active_activity_not_while_in_work():
    client = ClientFactory()
    PlanVersionFactory(client=client, number=1, plan_date=D(2022, 8, 1))
    LabourEpisodeFactory(
        client=client, kind=EpisodeKind.PAID_WORK, start_date=D(2022, 9, 1), hours_per_week=20
    )
    assert not holds("no_active_activity", client, D(2022, 12, 1))


def test_activity_ended_with_nothing_after_it():
    client = ClientFactory()
    PlanVersionFactory(client=client, number=1, plan_date=D(2022, 8, 1))
    course = ActivityFactory(
        client=client, status=ActivityStatus.COMPLETED, start_date=D(2022, 9, 1), end_date=D(2023, 3, 1)
    )
    assert not holds("activity_ended_nothing_after", client, D(2023, 3, 14))
    assert holds("activity_ended_nothing_after", client, D(2023, 3, 15)) == {f"activity:{course.pk}"}
    # The more precise rule wins: no second signal "no activity" for the same client.
    assert not holds("no_active_activity", client, D(2023, 6, 1))
    ActivityFactory(client=client, status=ActivityStatus.PLANNED, start_date=D(2023, 4, 1))
    assert not holds("activity_ended_nothing_after", client, D(2023, 3, 15))


def test_early_stop_before_work_or_education():
    client = ClientFactory()
    stopped = ActivityFactory(
        client=client,
        activity_type=ActivityType.WORK_PLACEMENT,
        status=ActivityStatus.STOPPED_EARLY,
        start_date=D(2023, 1, 1),
        end_date=D(2023, 2, 1),
    )
    assert holds("early_stop", client, D(2023, 2, 1)) == {f"activity:{stopped.pk}"}
    # Looked back at for half a year only.
    assert holds("early_stop", client, D(2023, 7, 31))
    assert not holds("early_stop", client, D(2023, 8, 1))
    LabourEpisodeFactory(client=client, kind=EpisodeKind.EDUCATION, start_date=D(2023, 3, 1))
    assert not holds("early_stop", client, D(2023, 3, 1))


def test_integration_term_ending_until_the_plan_is_reviewed():
    client = ClientFactory(registration_date=D(2022, 6, 1))
    PlanVersionFactory(client=client, number=1, plan_date=D(2022, 8, 1))  # term ends 1 August 2025
    assert not holds("integration_term_ending", client, D(2025, 5, 2))
    assert holds("integration_term_ending", client, D(2025, 5, 3))
    assert holds("integration_term_ending", client, D(2025, 8, 31))
    assert not holds("integration_term_ending", client, D(2025, 9, 1))
    PlanVersionFactory(client=client, number=2, plan_date=D(2025, 5, 10))
    assert not holds("integration_term_ending", client, D(2025, 6, 1))


def test_consent_expiring_within_thirty_days_until_renewed():
    client = ClientFactory()
    consent = ConsentFactory(client=client, given_on=D(2023, 1, 10), valid_until=D(2024, 1, 10))
    assert not holds("consent_expiring", client, D(2023, 12, 10))
    assert holds("consent_expiring", client, D(2023, 12, 11)) == {f"consent:{consent.pk}"}
    assert holds("consent_expiring", client, D(2024, 2, 9))
    assert not holds("consent_expiring", client, D(2024, 2, 10))
    ConsentFactory(client=client, given_on=D(2023, 12, 20), valid_until=D(2025, 1, 10))
    assert not holds("consent_expiring", client, D(2023, 12, 20))


def test_a_withdrawn_consent_is_not_expiring():
    client = ClientFactory()
    ConsentFactory(
        client=client, given_on=D(2023, 1, 10), valid_until=D(2024, 1, 10), withdrawn_on=D(2023, 6, 1)
    )
    assert not holds("consent_expiring", client, D(2024, 1, 1))


def test_referral_stuck_in_one_step():
    referral = ReferralFactory(status=ReferralStatus.SENT, proposed_on=D(2024, 1, 2), sent_on=D(2024, 1, 5))
    client = referral.client
    assert not holds("referral_stuck", client, D(2024, 1, 25))
    assert holds("referral_stuck", client, D(2024, 1, 26)) == {f"referral:{referral.pk}"}


def test_referral_withdrawn_with_the_consent_until_a_contact_is_recorded():
    client = ClientFactory()
    event = events.referral_withdrawn_without_consent(
        client, None, referral_id=1, placement_id=1, consent_id=1, status="sent", on=D(2024, 2, 1)
    )
    assert holds("needs_attention", client, D(2024, 2, 1)) == {f"event:{event.pk}"}
    events.note_added(NoteFactory(client=client, occurred_on=D(2024, 2, 2)), None)
    assert not holds("needs_attention", client, D(2024, 2, 2))
