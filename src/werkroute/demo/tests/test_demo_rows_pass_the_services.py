"""The loader writes past the services for speed; a sample of its rows, written again through the services,
must pass every check they apply, so that the two write paths cannot drift apart."""

import pytest
from django.db import transaction

from werkroute.cases import services
from werkroute.cases.models import Activity, Client, LabourEpisode, Note, PlanVersion
from werkroute.demo import loader
from werkroute.demo import region as demo_region
from werkroute.demo.simulation import simulate
from werkroute.demo.tests.test_demo_loader import TODAY, small_region  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=False)
SAMPLE = 40


class _Rollback(Exception):
    pass


def _replay(client: Client) -> None:
    """Delete the client's plans, activities, spells and notes and write them again through the services,
    in the order they happened; the registration data goes through the update service unchanged."""
    actor = client.caseworker
    services.update_client(actor, client, client.version, {}, today=TODAY)
    plans = [
        (plan, [{"description": g.description, "target_date": g.target_date} for g in plan.goals.all()])
        for plan in PlanVersion.objects.filter(client=client).prefetch_related("goals").order_by("number")
    ]
    activities = list(Activity.objects.filter(client=client).order_by("start_date", "pk"))
    episodes = list(LabourEpisode.objects.filter(client=client).order_by("start_date", "pk"))
    notes = list(Note.objects.filter(client=client).order_by("occurred_on", "pk"))
    PlanVersion.objects.filter(client=client).delete()
    Activity.objects.filter(client=client).delete()
    LabourEpisode.objects.filter(client=client).delete()
    Note.objects.filter(client=client).delete()

    for plan, goals in plans:
        values = {
            name: getattr(plan, name)
            for name in ("plan_date", "learning_route", "agreements", "review_date", "reason")
        }
        services.create_plan_version(
            actor, client, plan.number - 1 if plan.number > 1 else None, values, goals, today=TODAY
        )
    for activity in activities:
        services.plan_activity(
            actor,
            client,
            {
                name: getattr(activity, name)
                for name in (
                    "activity_type",
                    "description",
                    "provider",
                    "start_date",
                    "end_date",
                    "hours_per_week",
                )
            },
        )
    for episode in episodes:
        services.record_labour_episode(
            actor,
            client,
            {
                name: getattr(episode, name)
                for name in (
                    "kind",
                    "start_date",
                    "end_date",
                    "hours_per_week",
                    "contract_type",
                    "employer_name",
                )
            },
            today=TODAY,
        )
    for note in notes:
        services.add_note(
            actor,
            client,
            {name: getattr(note, name) for name in ("occurred_on", "channel", "text")},
            today=TODAY,
        )


def test_a_sample_of_demo_rows_passes_every_check_of_the_services(small_region):  # noqa: F811
    population = simulate(demo_region.region_input(small_region), 200, seed=5, today=TODAY)
    loader.load_population(population, demo_region.prepare_region(small_region), chunk_size=100)
    sample = list(Client.objects.order_by("pk")[:SAMPLE])
    assert len(sample) == SAMPLE
    rows = 0
    failures = []
    for client in sample:
        rows += client.plan_versions.count() + client.activities.count() + client.labour_episodes.count()
        try:
            with transaction.atomic():
                _replay(client)
                raise _Rollback
        except _Rollback:
            pass
        except Exception as error:
            failures.append((str(client.pk), type(error).__name__, str(error)[:300]))
    assert failures == []
    assert rows > SAMPLE  # the sample holds histories, not only registrations
