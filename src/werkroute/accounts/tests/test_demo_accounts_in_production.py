import pytest
from django.core.exceptions import ImproperlyConfigured

from werkroute.accounts.checks import check_no_demo_accounts, refuse_demo_accounts_in_production
from werkroute.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_production_refuses_to_start_with_demo_accounts(settings):
    settings.WERKROUTE_PRODUCTION = True
    UserFactory(is_demo_account=True)
    with pytest.raises(ImproperlyConfigured, match="Demo accounts exist"):
        refuse_demo_accounts_in_production()
    assert [error.id for error in check_no_demo_accounts(None)] == ["werkroute.E001"]


def test_production_starts_without_demo_accounts(settings):
    settings.WERKROUTE_PRODUCTION = True
    UserFactory(is_demo_account=False)
    refuse_demo_accounts_in_production()
    assert check_no_demo_accounts(None) == []


def test_development_allows_demo_accounts(settings):
    settings.WERKROUTE_PRODUCTION = False
    UserFactory(is_demo_account=True)
    refuse_demo_accounts_in_production()
    assert check_no_demo_accounts(None) == []
