"""The metrics page counts the live signals per rule, without anything about who they are about."""

import pytest
from django.urls import reverse

from werkroute.followup.models import SignalStatus
from werkroute.followup.rules import RULES
from werkroute.followup.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-signals"


def _samples(text: str, name: str) -> dict[str, float]:
    prefix = f'{name}{{rule="'
    found = {}
    for line in text.splitlines():
        if line.startswith(prefix):
            labels, value = line[len(prefix) :].split('"} ')
            found[labels] = float(value)
    return found


def test_open_and_snoozed_signals_are_counted_per_rule(client, settings):
    settings.WERKROUTE_METRICS_TOKEN = TOKEN
    for _ in range(3):
        SignalFactory()
    SignalFactory(rule="referral_stuck", subject="referral:1", reason={"last_step": "2024-01-01"})
    SignalFactory(status=SignalStatus.SNOOZED)
    SignalFactory(status=SignalStatus.RESOLVED)
    SignalFactory(rule="early_stop", subject="activity:4", status=SignalStatus.DISMISSED)

    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    text = response.content.decode()

    assert response.status_code == 200
    open_signals = _samples(text, "werkroute_signals_open")
    # Every rule is there, with 0 when it has none, so a dashboard sees a rule go quiet.
    assert set(open_signals) == {rule.code for rule in RULES}
    assert open_signals["intake_not_started"] == 3
    assert open_signals["referral_stuck"] == 1
    assert open_signals["early_stop"] == 0
    assert sum(open_signals.values()) == 4
    snoozed = _samples(text, "werkroute_signals_snoozed")
    assert snoozed["intake_not_started"] == 1 and sum(snoozed.values()) == 1


def test_the_counts_follow_a_change_of_status(client, settings):
    settings.WERKROUTE_METRICS_TOKEN = TOKEN
    signal = SignalFactory()
    header = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    before = _samples(client.get(reverse("metrics"), **header).content.decode(), "werkroute_signals_open")
    signal.status = SignalStatus.RESOLVED
    signal.save()
    after = _samples(client.get(reverse("metrics"), **header).content.decode(), "werkroute_signals_open")
    assert before["intake_not_started"] == 1 and after["intake_not_started"] == 0


def test_the_signal_metrics_name_no_client(client, settings):
    settings.WERKROUTE_METRICS_TOKEN = TOKEN
    signal = SignalFactory()
    text = client.get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert str(signal.client_id) not in text and signal.client.last_name not in text
