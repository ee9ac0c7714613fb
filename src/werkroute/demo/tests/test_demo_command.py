"""``werkroute demo``: loads the region once, prints accounts that work, and cleans up after itself."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client as Browser
from django.urls import reverse

from werkroute.accounts.models import User
from werkroute.cases.models import Client
from werkroute.demo.loader import DEMO_PASSWORD
from werkroute.demo.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _logs_in(username: str, password: str) -> bool:
    """Through the real login page, as a person would (and as the lockout protection sees it)."""
    response = Browser().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, today=TODAY, **options)
    return out.getvalue()


def test_the_demo_creates_clients_and_accounts_that_can_log_in():
    output = _demo(clients=200)
    assert Client.objects.count() == 200
    usernames = ["klantmanager.nijmegen", "klantmanager.berg-en-dal", "teamleider.nijmegen", "beheerder"]
    for username in usernames:
        assert username in output
        assert _logs_in(username, DEMO_PASSWORD), username
    assert DEMO_PASSWORD in output
    assert User.objects.filter(is_demo_account=True).count() == 9  # 7 caseworkers, a team lead, an admin
    assert User.objects.get(username="beheerder").is_staff
    assert not _logs_in("klantmanager.nijmegen", "wrong-password")


def test_a_second_run_with_if_empty_adds_nothing_and_prints_the_accounts():
    _demo(clients=200)
    output = _demo(clients=200, if_empty=True)
    assert Client.objects.count() == 200
    assert "klantmanager.nijmegen" in output
    assert DEMO_PASSWORD in output


def test_a_second_population_is_refused_unless_reset():
    _demo(clients=50)
    with pytest.raises(CommandError, match="--reset"):
        _demo(clients=50)
    _demo(clients=30, reset=True)
    assert Client.objects.count() == 30


def test_remove_accounts_deletes_every_demo_account():
    _demo(clients=20)
    output = _demo(remove_accounts=True)
    assert "9 demo-account(s) verwijderd" in output
    assert not User.objects.filter(is_demo_account=True).exists()
    assert not _logs_in("klantmanager.nijmegen", DEMO_PASSWORD)
