"""The load benchmark's figures from locust's request log: the steady state at the full user count is told
apart from the start-up, in which every simulated person signs in once."""

import importlib.util

from werkroute.core.tests.benchmarks import PROJECT

_spec = importlib.util.spec_from_file_location("bench_load", PROJECT / "bench" / "load.py")
assert _spec and _spec.loader
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)


def _log() -> list[list[object]]:
    entries: list[list[object]] = []
    # Start-up: two people sign in (slow, Argon2) and one page fails while they do.
    for person in range(2):
        entries.append([100.0 + person, "POST", "login", 1.2, False])
        entries.append([101.3 + person, "POST", "two_factor", 0.9, False])
    entries.append([101.0, "GET", "caseload", 0.4, True])
    entries.append(["spawned", 101.5, 2])
    # Steady state from the end of the last sign-in (103.2): 100 pages, five of them slow.
    for number in range(100):
        entries.append([104.0 + number * 0.5, "GET", "client file" if number % 2 else "caseload", 0.05, False])
    for number in range(5):
        entries.append([104.2 + number, "GET", "caseload", 0.8, False])
    return entries


def test_the_steady_state_excludes_the_sign_in_and_the_start_up_is_reported_beside_it():
    figures = load.step_figures(_log())
    assert figures["requests"] == 105
    assert figures["p50_s"] == 0.05
    assert figures["p95_s"] == 0.05  # 100 of 105 at 0.05 s: the 95th percentile is one of them
    assert figures["p99_s"] == 0.8
    assert figures["errors"] == 1, "an error in the start-up still counts"
    assert set(figures["pages"]) == {"GET caseload", "GET client file"}
    assert figures["pages"]["GET caseload"]["requests"] == 55
    assert figures["start_up"]["requests"] == 5
    assert figures["start_up"]["errors"] == 1
    assert figures["start_up"]["sign_in_p95_s"] == 1.2
    assert figures["start_up"]["seconds"] == 3.2
    assert figures["steady_s"] == round(104.0 + 99 * 0.5 + 0.05 - 103.2, 1)


def test_a_step_with_only_slow_pages_shows_them():
    log = [["spawned", 0.0, 1], *([float(n), "GET", "caseload", 0.7, False] for n in range(1, 41))]
    figures = load.step_figures(log)
    assert figures["p95_s"] == 0.7
    assert figures["start_up"]["requests"] == 0
