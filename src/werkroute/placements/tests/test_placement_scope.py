import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.placements import selectors, services
from werkroute.placements.tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    PlacementFactory,
    employer_user,
    service_point_worker,
)
from werkroute.regions.tests.factories import MunicipalityFactory, PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory, SkillFactory


@pytest.fixture
def market(municipality):
    here = EmployerFactory(region=municipality.region)
    elsewhere = EmployerFactory()
    return {
        "here": PlacementFactory(employer=here),
        "also_here": PlacementFactory(employer=EmployerFactory(region=municipality.region)),
        "elsewhere": PlacementFactory(employer=elsewhere),
        "employer": here,
    }


def test_the_employer_service_point_sees_every_placement_of_its_region(municipality, market):
    worker = service_point_worker(municipality.region)
    assert set(selectors.visible_placements(worker)) == {market["here"], market["also_here"]}


def test_an_employer_sees_only_its_own_placements(market):
    user = employer_user(market["employer"])
    assert list(selectors.visible_placements(user)) == [market["here"]]
    with pytest.raises(Http404):
        selectors.get_placement(user, market["also_here"].pk)


def test_a_caseworker_sees_the_placements_of_the_region_of_their_municipality(caseworker, market):
    assert set(selectors.visible_placements(caseworker)) == {market["here"], market["also_here"]}


def test_someone_without_a_market_role_sees_nothing(market):
    provider_worker = caseworker_of(MunicipalityFactory(), role="partner_worker")
    assert not selectors.visible_placements(provider_worker).exists()
    with pytest.raises(Http404):
        selectors.get_placement(provider_worker, "not-a-number")


def values(employer, **changes):
    result = {
        "employer": employer,
        "kind": "vacancy",
        "title": "Medewerker schoonmaak",
        "occupation": OccupationFactory(),
        "hours_per_week": 24,
        "postcode": PostcodeAreaFactory(),
        "capacity": 2,
        "min_dutch_speaking": "A2",
    }
    result.update(changes)
    return result


def test_an_employer_adds_a_placement_with_skills(market):
    user = employer_user(market["employer"])
    must, nice = SkillFactory(), SkillFactory()
    placement = services.create_placement(user, values(market["employer"]), [must], [nice])
    assert list(placement.required_skills.all()) == [must]
    assert placement.min_dutch["speaking"] == "A2"


def test_nobody_adds_placements_for_someone_elses_employer(municipality, market):
    user = employer_user(market["employer"])
    with pytest.raises(PermissionDenied):
        services.create_placement(user, values(EmployerFactory(region=municipality.region)))
    worker = service_point_worker(municipality.region)
    with pytest.raises(PermissionDenied):
        services.create_placement(worker, values(market["elsewhere"].employer))
    assert services.create_placement(worker, values(EmployerFactory(region=municipality.region))).pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"start_date": "2026-03-01", "end_date": "2026-02-01"}, "end_date"),
    ],
)
def test_impossible_requirements_are_refused_with_a_reason(market, changes, field):
    import datetime as dt

    changes = {k: dt.date.fromisoformat(v) if k.endswith("_date") else v for k, v in changes.items()}
    user = employer_user(market["employer"])
    with pytest.raises(ValidationError) as refused:
        services.create_placement(user, values(market["employer"], **changes))
    assert field in refused.value.message_dict


def test_a_skill_cannot_be_both_required_and_desirable(market):
    user = employer_user(market["employer"])
    skill = SkillFactory()
    with pytest.raises(ValidationError, match="tegelijk vereist en gewenst"):
        services.create_placement(user, values(market["employer"]), [skill], [skill])


def test_the_contact_must_work_for_the_employer(market):
    user = employer_user(market["employer"])
    with pytest.raises(ValidationError, match="werkt niet bij deze werkgever"):
        services.create_placement(user, values(market["employer"], contact=EmployerContactFactory()))


def test_a_stale_form_does_not_overwrite_a_newer_change(market):
    from werkroute.core.models import StaleObjectError

    user = employer_user(market["employer"])
    placement = market["here"]
    services.update_placement(user, placement, placement.version, {"capacity": 3})
    with pytest.raises(StaleObjectError):
        services.update_placement(user, placement, 1, {"capacity": 5})
    placement.refresh_from_db()
    assert placement.capacity == 3
