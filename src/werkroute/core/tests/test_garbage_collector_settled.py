"""A web process freezes what it loaded out of the garbage collector and collects its young generation
less often (core/garbage.py): the full collections over everything loaded were the p95 tail of the
market pages (issue 11)."""

import gc
import importlib
import sys

import pytest
from django.db import connections

from werkroute.core import garbage


@pytest.fixture
def restored_collector():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_the_loaded_application_and_raises_the_young_threshold(settings, restored_collector):
    settings.WERKROUTE_GC_FREEZE = True
    settings.WERKROUTE_GC_YOUNG_THRESHOLD = 12_345
    gc.unfreeze()
    assert gc.get_freeze_count() == 0

    garbage.settle_after_startup()

    assert gc.get_threshold()[0] == 12_345
    assert gc.get_freeze_count() > 10_000  # Django, the URL configuration and every view module
    assert not any(type(item).__name__ == "URLResolver" for item in gc.get_objects())


def test_both_can_be_switched_off(settings, restored_collector):
    settings.WERKROUTE_GC_FREEZE = False
    settings.WERKROUTE_GC_YOUNG_THRESHOLD = 0
    gc.unfreeze()
    before = gc.get_threshold()

    garbage.settle_after_startup()

    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_wsgi_application_settles_the_collector_when_it_is_loaded(monkeypatch):
    calls = []
    monkeypatch.setattr(garbage, "settle_after_startup", lambda: calls.append("settled"))
    monkeypatch.delitem(sys.modules, "werkroute.wsgi", raising=False)

    importlib.import_module("werkroute.wsgi")
    assert calls == ["settled"]


def test_the_wsgi_application_closes_its_database_connections_before_the_workers_fork(monkeypatch, settings):
    # gunicorn loads the application in its master and forks the workers from it (preload_app): the
    # connection of the startup check would otherwise be one socket shared by all of them. (The test
    # database is SQLite in memory, whose connection Django never really closes: hence the recording.)
    settings.WERKROUTE_PRODUCTION = True  # so that the startup check reads the database
    calls = []
    monkeypatch.setattr(
        "werkroute.accounts.checks._demo_accounts_exist", lambda: calls.append("checked") or False
    )
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("closed"))
    monkeypatch.setattr(garbage, "settle_after_startup", lambda: calls.append("settled"))
    monkeypatch.delitem(sys.modules, "werkroute.wsgi", raising=False)

    importlib.import_module("werkroute.wsgi")

    assert calls == ["checked", "closed", "settled"]
