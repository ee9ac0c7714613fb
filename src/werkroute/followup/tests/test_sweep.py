"""The sweep: idempotent, one live signal per client, rule and subject; resolving, reopening after a
snooze, and a dismissed cause that stays dismissed; every change on the timeline and in the audit log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from werkroute.accounts.tests.factories import UserFactory
from werkroute.audit.models import AuditEvent
from werkroute.cases.models import TimelineEvent
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.followup import services
from werkroute.followup.events import Kind
from werkroute.followup.models import Signal, SignalStatus, signals_changed
from werkroute.followup.rules import RULES
from werkroute.followup.sweep import sweep

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2024, 6, 1)


def _waiting_for_intake(**fields):  # type: ignore[no-untyped-def]
    return ClientFactory(registration_date=D(2024, 3, 1), permit_date=D(2024, 1, 10), **fields)


def live(client, rule: str = "intake_not_started") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted(
        client.signals.filter(status__in=["open", "snoozed"], rule=rule).values_list("rule", "subject")
    )


def test_running_the_sweep_twice_gives_the_same_open_signals():
    clients = [_waiting_for_intake() for _ in range(3)]
    first = sweep(TODAY)
    assert first.raised["intake_not_started"] == 3
    rows = sorted(Signal.objects.values_list("pk", "client_id", "rule", "subject", "status"))
    events_before = TimelineEvent.objects.count()
    second = sweep(TODAY)
    assert second.changed == 0
    assert sorted(Signal.objects.values_list("pk", "client_id", "rule", "subject", "status")) == rows
    assert TimelineEvent.objects.count() == events_before
    for client in clients:
        assert ("intake_not_started", "") in live(client)


def test_a_signal_is_raised_on_the_timeline_and_audited():
    client = _waiting_for_intake()
    sweep(TODAY)
    signal = client.signals.get(rule="intake_not_started")
    assert signal.reason == {"registration": "2024-03-01"}
    assert signal.due_on == D(2024, 3, 29)
    assert TimelineEvent.objects.filter(
        client=client, kind=Kind.SIGNAL_RAISED, data__signal_id=signal.pk
    ).exists()
    entry = AuditEvent.objects.filter(object_type="signal_sweep", object_id="intake_not_started").get()
    assert signal.pk in entry.changes["raised"]


def test_a_signal_whose_rule_stops_holding_is_resolved_with_what_resolved_it():
    client = _waiting_for_intake()
    sweep(TODAY)
    IntakeFactory(client=client)
    services.refresh_client(client.pk, resolved_by="intake_recorded", today=TODAY)
    signal = client.signals.get(rule="intake_not_started")
    assert signal.status == SignalStatus.RESOLVED
    assert signal.resolved_by == "intake_recorded"
    assert signal.closed_on == TODAY
    assert TimelineEvent.objects.filter(client=client, kind=Kind.SIGNAL_RESOLVED).count() == 1


def test_a_snoozed_signal_comes_back_the_day_after_if_the_rule_still_holds():
    client = _waiting_for_intake()
    user = UserFactory()
    sweep(TODAY)
    signal = client.signals.get(rule="intake_not_started")
    services.snooze_signal(user, signal, until=D(2024, 6, 10), note="Klant is op vakantie", today=TODAY)
    sweep(D(2024, 6, 10))
    assert client.signals.get(pk=signal.pk).status == SignalStatus.SNOOZED
    sweep(D(2024, 6, 11))
    reopened = client.signals.get(pk=signal.pk)
    assert reopened.status == SignalStatus.OPEN
    assert reopened.snoozed_until is None
    kinds = list(TimelineEvent.objects.filter(client=client).values_list("kind", flat=True))
    assert Kind.SIGNAL_SNOOZED in kinds and Kind.SIGNAL_REOPENED in kinds
    assert AuditEvent.objects.filter(
        object_type="signal", object_id=str(signal.pk), actor_id=user.pk
    ).exists()


def test_a_dismissed_cause_stays_dismissed_but_a_new_cause_raises_again():
    client = _waiting_for_intake()
    user = UserFactory()
    sweep(TODAY)
    signal = client.signals.get(rule="intake_not_started")
    services.dismiss_signal(user, signal, note="Intake gebeurt door de vorige gemeente", today=TODAY)
    sweep(TODAY + dt.timedelta(days=1))
    assert live(client) == []
    # The registration date was corrected: another cause, another signal.
    client.registration_date = D(2024, 4, 1)
    client.save()
    sweep(TODAY + dt.timedelta(days=1))
    assert live(client) == [("intake_not_started", "")]


def test_snooze_and_dismiss_need_a_reason_and_a_sensible_date():
    client = _waiting_for_intake()
    user = UserFactory()
    sweep(TODAY)
    signal = client.signals.get(rule="intake_not_started")
    with pytest.raises(ValidationError):
        services.dismiss_signal(user, signal, note="  ", today=TODAY)
    with pytest.raises(ValidationError):
        services.snooze_signal(user, signal, until=TODAY, note="x", today=TODAY)
    with pytest.raises(ValidationError):
        services.snooze_signal(user, signal, until=TODAY + dt.timedelta(days=400), note="x", today=TODAY)
    services.dismiss_signal(user, signal, note="niet van toepassing", today=TODAY)
    with pytest.raises(ValidationError):
        services.snooze_signal(user, signal, until=TODAY + dt.timedelta(days=3), note="x", today=TODAY)


def test_two_live_signals_for_the_same_cause_cannot_exist():
    from django.db import IntegrityError, transaction

    client = _waiting_for_intake()
    sweep(TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signal.objects.create(client=client, rule="intake_not_started", raised_on=TODAY, due_on=TODAY)


def test_the_sweep_command_runs_the_sweep(capsys):
    from django.core.management import call_command

    _waiting_for_intake()
    call_command("followup", "sweep", "--today", "2024-06-01")
    # Intake not started and the PIP deadline passed.
    assert "2 nieuw" in capsys.readouterr().out
    assert Signal.objects.filter(status="open").count() == 2


def test_refreshing_one_client_reads_its_signals_once_and_announces_the_change_once(
    django_assert_max_num_queries,
):
    """The refresh runs after every change of a file: one read of the client's signals for all rules
    (not one per rule) and one announcement to the listeners (the API's notifications), however many
    rules changed."""
    client = _waiting_for_intake()
    sweep(TODAY)
    heard: list[list[object]] = []

    def listener(sender, client_ids, **kwargs):  # type: ignore[no-untyped-def]
        heard.append(list(client_ids))

    signals_changed.connect(listener, dispatch_uid="test-refresh-listener")
    try:
        IntakeFactory(client=client)
        # About 20: the columns and rows the rules read, the after-care, the signals, the writes, the
        # audit. A read and a transaction per rule made it more than three per rule.
        with django_assert_max_num_queries(2 * len(RULES)):
            result = services.refresh_client(client.pk, resolved_by="intake_recorded", today=TODAY)
    finally:
        signals_changed.disconnect(dispatch_uid="test-refresh-listener")
    assert result.resolved["intake_not_started"] == 1
    assert heard == [[client.pk]]
