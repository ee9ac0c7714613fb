import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from werkroute.cases import selectors, services
from werkroute.cases.models import EpisodeKind, LabourEpisode
from werkroute.cases.tests.factories import ClientFactory, LabourEpisodeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 1)


def test_overlapping_spells_of_the_same_kind_are_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    LabourEpisodeFactory(client=person, kind=EpisodeKind.SOCIAL_ASSISTANCE, start_date=dt.date(2022, 6, 1))
    response = caseworker_client.post(
        reverse("cases:episode_create", kwargs={"client_id": person.pk}),
        {"kind": "social_assistance", "start_date": "2023-01-01"},
    )
    assert response.status_code == 200
    assert "overlapt" in response.content.decode()
    assert LabourEpisode.objects.filter(client=person).count() == 1


def test_spells_of_different_kinds_may_overlap(caseworker):
    person = ClientFactory()
    LabourEpisodeFactory(client=person, kind=EpisodeKind.SOCIAL_ASSISTANCE, start_date=dt.date(2022, 6, 1))
    services.record_labour_episode(
        caseworker,
        person,
        {"kind": EpisodeKind.PAID_WORK, "start_date": dt.date(2023, 3, 1), "hours_per_week": 16},
        today=TODAY,
    )
    current = selectors.current_status(list(person.labour_episodes.all()), TODAY)
    assert {episode.kind for episode in current} == {EpisodeKind.SOCIAL_ASSISTANCE, EpisodeKind.PAID_WORK}


def test_a_later_spell_after_a_closed_one_is_allowed_and_becomes_current(caseworker):
    person = ClientFactory()
    LabourEpisodeFactory(
        client=person,
        kind=EpisodeKind.PAID_WORK,
        hours_per_week=20,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2022, 12, 31),
    )
    services.record_labour_episode(
        caseworker,
        person,
        {"kind": EpisodeKind.PAID_WORK, "start_date": dt.date(2023, 1, 1), "hours_per_week": 32},
        today=TODAY,
    )
    current = selectors.current_status(list(person.labour_episodes.all()), TODAY)
    assert [episode.hours_per_week for episode in current] == [32]


def test_paid_work_needs_hours(caseworker):
    with pytest.raises(ValidationError) as error:
        services.record_labour_episode(
            caseworker,
            ClientFactory(),
            {"kind": EpisodeKind.PAID_WORK, "start_date": dt.date(2023, 1, 1)},
            today=TODAY,
        )
    assert "hours_per_week" in error.value.error_dict


def test_ending_a_spell_sets_its_last_day_and_updates_the_current_status(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    episode = LabourEpisodeFactory(
        client=person, kind=EpisodeKind.SOCIAL_ASSISTANCE, start_date=dt.date(2022, 6, 1)
    )
    url = reverse("cases:episode_end", kwargs={"client_id": person.pk, "episode_id": episode.pk})
    assert caseworker_client.post(url, {"end_date": "2023-03-31"}).status_code == 302
    episode.refresh_from_db()
    assert episode.end_date == dt.date(2023, 3, 31)
    assert selectors.current_status([episode], TODAY) == []


def test_ending_into_a_later_spell_is_refused(caseworker):
    person = ClientFactory()
    first = LabourEpisodeFactory(client=person, kind=EpisodeKind.EDUCATION, start_date=dt.date(2022, 1, 1))
    LabourEpisode.objects.create(client=person, kind=EpisodeKind.EDUCATION, start_date=dt.date(2023, 9, 1))
    with pytest.raises(ValidationError):
        services.end_labour_episode(caseworker, first, dt.date(2023, 12, 31))


def test_end_before_start_gets_a_dutch_message(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:episode_create", kwargs={"client_id": person.pk}),
        {"kind": "education", "start_date": "2023-09-01", "end_date": "2023-01-01"},
    )
    assert "De einddatum ligt vóór de startdatum." in response.content.decode()
    assert not LabourEpisode.objects.exists()


def test_none_of_these_cannot_overlap_another_position(caseworker):
    person = ClientFactory()
    LabourEpisodeFactory(
        client=person, kind=EpisodeKind.PAID_WORK, hours_per_week=20, start_date=dt.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError, match="overlapt"):
        services.record_labour_episode(
            caseworker, person, {"kind": EpisodeKind.NONE, "start_date": dt.date(2023, 6, 1)}, today=TODAY
        )
    nobody = ClientFactory()
    LabourEpisodeFactory(client=nobody, kind=EpisodeKind.NONE, start_date=dt.date(2023, 1, 1))
    with pytest.raises(ValidationError, match="overlapt"):
        services.record_labour_episode(
            caseworker,
            nobody,
            {"kind": EpisodeKind.EDUCATION, "start_date": dt.date(2023, 6, 1)},
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (
            {
                "kind": EpisodeKind.EDUCATION,
                "start_date": dt.date(2024, 1, 1),
                "end_date": dt.date(2024, 7, 1),
            },
            "end_date",
        ),
        (
            {"kind": EpisodeKind.PAID_WORK, "start_date": dt.date(2024, 1, 1), "hours_per_week": 80},
            "hours_per_week",
        ),
    ],
)
def test_future_ends_and_implausible_hours_are_refused(caseworker, values, field):
    with pytest.raises(ValidationError) as error:
        services.record_labour_episode(caseworker, ClientFactory(), values, today=TODAY)
    assert field in error.value.error_dict


def test_ending_in_the_future_is_refused(caseworker):
    episode = LabourEpisodeFactory(kind=EpisodeKind.SOCIAL_ASSISTANCE, start_date=dt.date(2022, 6, 1))
    with pytest.raises(ValidationError):
        services.end_labour_episode(caseworker, episode, dt.date(2024, 12, 31), today=TODAY)
