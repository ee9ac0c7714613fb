"""The follow-up app's figures for Prometheus (``core.metrics``): live signals per rule and status.

Counts only, read at scrape time with one grouped query over the (status, rule) index; no client, no
caseworker, no municipality, so nothing personal leaves through the metrics page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from werkroute.followup.models import LIVE_STATUSES, Signal, SignalStatus
from werkroute.followup.rules import RULES


def live_signal_counts() -> dict[tuple[str, str], int]:
    """(rule, status) → number of live signals, every rule and live status present (0 when none)."""
    counts = {(rule.code, str(status)): 0 for rule in RULES for status in LIVE_STATUSES}
    rows = (
        Signal.objects.filter(status__in=LIVE_STATUSES)
        .values_list("rule", "status")
        .annotate(number=Count("pk"))
        .order_by()
    )
    for rule, status, number in rows:
        counts[(rule, status)] = number
    return counts


class SignalCollector(Collector):
    def collect(self) -> Iterable[Metric]:
        counts = live_signal_counts()
        open_signals = GaugeMetricFamily(
            "werkroute_signals_open", "Continuity signals open now, by rule.", labels=["rule"]
        )
        snoozed = GaugeMetricFamily(
            "werkroute_signals_snoozed", "Continuity signals snoozed now, by rule.", labels=["rule"]
        )
        for (rule, status), number in sorted(counts.items()):
            family = open_signals if status == SignalStatus.OPEN else snoozed
            family.add_metric([rule], number)
        yield open_signals
        yield snoozed
