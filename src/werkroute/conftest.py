"""Fixtures shared by every app's tests."""

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.regions.tests.factories import MunicipalityFactory


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def other_municipality(municipality):
    return MunicipalityFactory(region=municipality.region)


@pytest.fixture
def caseworker(municipality):
    return caseworker_of(municipality, username="klantmanager")


@pytest.fixture
def caseworker_client(client, caseworker):
    """Django's test client, logged in as the caseworker of ``municipality``."""
    client.force_login(caseworker)
    return client
