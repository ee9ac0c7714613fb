import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from werkroute.cases import services, workflow
from werkroute.cases.models import Activity, ActivityStatus, TimelineEvent
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory
from werkroute.core.models import StaleObjectError

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 5, 1)


def test_transition_table_allows_only_the_documented_paths():
    allowed = {
        (old, new)
        for old in ActivityStatus.values
        for new in ActivityStatus.values
        if workflow.is_allowed(old, new)
    }
    assert allowed == {
        ("planned", "active"),
        ("planned", "cancelled"),
        ("active", "completed"),
        ("active", "stopped_early"),
    }


def test_caseworker_plans_and_closes_an_activity(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {"activity_type": "work_placement", "start_date": "2024-02-01", "hours_per_week": "16"},
    )
    assert response.status_code == 302
    activity = Activity.objects.get(client=person)
    assert activity.status == ActivityStatus.PLANNED
    url = reverse("cases:activity_transition", kwargs={"client_id": person.pk, "activity_id": activity.pk})
    caseworker_client.post(url, {"status": "active", "on": "2024-02-05", "version": activity.version})
    activity.refresh_from_db()
    caseworker_client.post(
        url,
        {
            "status": "completed",
            "on": "2024-04-30",
            "outcome": "Contract aangeboden",
            "version": activity.version,
        },
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.COMPLETED
    assert activity.start_date == dt.date(2024, 2, 5)
    assert activity.end_date == dt.date(2024, 4, 30)
    kinds = list(TimelineEvent.objects.filter(client=person).values_list("data__new", flat=True))
    assert set(kinds) >= {"active", "completed"}


def test_where_the_activity_takes_place_reaches_the_file_and_the_clients_portal(
    caseworker_client, municipality
):
    person = ClientFactory(municipality=municipality)
    caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {
            "activity_type": "language_course",
            "location": "Taalhuis, Marikenstraat 30, Nijmegen",
            "start_date": "2024-02-01",
        },
    )
    assert Activity.objects.get(client=person).location == "Taalhuis, Marikenstraat 30, Nijmegen"
    file = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    assert "Taalhuis, Marikenstraat 30, Nijmegen" in file.content.decode()


def test_stopping_early_needs_a_reason(caseworker):
    activity = ActivityFactory(status=ActivityStatus.ACTIVE, start_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.transition_activity(
            caseworker, activity, ActivityStatus.STOPPED_EARLY, expected_version=1, on=TODAY, today=TODAY
        )
    assert "reason" in error.value.error_dict
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.ACTIVE


def test_completed_activity_cannot_be_reopened(caseworker):
    activity = ActivityFactory(status=ActivityStatus.COMPLETED, start_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.transition_activity(
            caseworker, activity, ActivityStatus.ACTIVE, expected_version=1, on=TODAY, today=TODAY
        )


def test_closing_before_the_start_is_refused(caseworker):
    activity = ActivityFactory(status=ActivityStatus.ACTIVE, start_date=dt.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        services.transition_activity(
            caseworker,
            activity,
            ActivityStatus.COMPLETED,
            expected_version=1,
            on=dt.date(2024, 2, 1),
            today=TODAY,
        )


def test_transition_on_a_stale_version_is_refused(caseworker):
    activity = ActivityFactory(status=ActivityStatus.PLANNED, start_date=dt.date(2024, 3, 1))
    services.transition_activity(
        caseworker, activity, ActivityStatus.ACTIVE, expected_version=1, on=TODAY, today=TODAY
    )
    stale_copy = Activity.objects.get(pk=activity.pk)
    stale_copy.status = ActivityStatus.ACTIVE
    with pytest.raises(StaleObjectError):
        services.transition_activity(
            caseworker,
            stale_copy,
            ActivityStatus.STOPPED_EARLY,
            expected_version=1,
            on=TODAY,
            reason="verhuisd",
            today=TODAY,
        )


def test_activity_ending_before_it_starts_gets_a_message(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {"activity_type": "map", "start_date": "2024-02-01", "end_date": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "De einddatum ligt vóór de startdatum." in response.content.decode()
    assert not Activity.objects.exists()


def test_starting_after_the_planned_end_gets_a_message_not_a_crash(caseworker):
    activity = ActivityFactory(
        status=ActivityStatus.PLANNED, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 2, 1)
    )
    with pytest.raises(ValidationError, match="na de geplande einddatum"):
        services.transition_activity(
            caseworker, activity, ActivityStatus.ACTIVE, expected_version=1, on=TODAY, today=TODAY
        )
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.PLANNED


def test_a_planned_activity_that_never_began_is_cancelled_with_a_reason(caseworker):
    activity = ActivityFactory(status=ActivityStatus.PLANNED, start_date=dt.date(2024, 9, 1))  # after TODAY
    with pytest.raises(ValidationError):
        services.transition_activity(
            caseworker, activity, ActivityStatus.CANCELLED, expected_version=1, on=TODAY, today=TODAY
        )
    services.transition_activity(
        caseworker,
        activity,
        ActivityStatus.CANCELLED,
        expected_version=1,
        on=TODAY,
        reason="verhuisd",
        today=TODAY,
    )
    activity.refresh_from_db()
    assert (activity.status, activity.stop_reason, activity.end_date) == (
        ActivityStatus.CANCELLED,
        "verhuisd",
        None,
    )


def test_posting_to_an_activity_closed_meanwhile_explains_instead_of_not_found(
    caseworker_client, municipality
):
    person = ClientFactory(municipality=municipality)
    activity = ActivityFactory(client=person, status=ActivityStatus.COMPLETED, start_date=dt.date(2024, 1, 1))
    url = reverse("cases:activity_transition", kwargs={"client_id": person.pk, "activity_id": activity.pk})
    response = caseworker_client.post(
        url, {"status": "stopped_early", "on": "2024-02-01", "version": "1"}, follow=True
    )
    assert "al afgesloten" in response.content.decode()


def test_the_stop_reason_shows_on_the_timeline_but_is_not_copied_into_it(
    caseworker_client, caseworker, municipality
):
    person = ClientFactory(municipality=municipality)
    activity = ActivityFactory(client=person, status=ActivityStatus.ACTIVE, start_date=dt.date(2024, 1, 1))
    services.transition_activity(
        caseworker,
        activity,
        ActivityStatus.STOPPED_EARLY,
        expected_version=1,
        on=TODAY,
        reason="Verhuisd naar Utrecht",
        today=TODAY,
    )
    event = TimelineEvent.objects.get(client=person, kind="activity_status_changed")
    assert "Verhuisd" not in str(event.data)
    detail = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "voortijdig gestopt — Verhuisd naar Utrecht" in detail
