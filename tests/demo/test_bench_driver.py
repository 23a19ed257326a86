"""The catalog benchmark's measuring parts, against an in-memory HTTP transport (no server, no database)."""

import importlib.util
import sys
from pathlib import Path

import httpx
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "catalog.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_catalog", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def client_answering(status: int, server_ms: float) -> httpx.Client:
    def answer(request):
        return httpx.Response(status, headers={"Server-Timing": f"app;dur={server_ms:.2f}"}, text="ok")

    return httpx.Client(transport=httpx.MockTransport(answer), base_url="http://bench")


@pytest.mark.parametrize("pct, expected", [(50, 50), (95, 95), (99, 99), (100, 100)], ids=["p50", "p95", "p99", "max"])
def test_percentiles_are_nearest_rank(bench, pct, expected):
    assert bench.percentile([float(value) for value in range(100, 0, -1)], pct) == expected


def test_server_time_comes_from_the_server_timing_header(bench):
    assert bench.server_ms(httpx.Response(200, headers={"Server-Timing": "app;dur=12.34"})) == 12.34
    assert bench.server_ms(httpx.Response(200)) is None


def test_a_scenario_within_its_target_is_met(bench):
    scenario = bench.Scenario("listing", ("/products/",), 50.0, "listing")
    result = bench.measure(client_answering(200, 20.0), scenario, samples=10, warmup=2, budget_s=30)
    assert (result.samples, result.errors, result.server_ms["p95"], result.meets_target) == (10, 0, 20.0, True)
    assert result.server_ms_by_url["/products/"]["p50"] == 20.0


@pytest.mark.parametrize("status, server_ms", [(200, 80.0), (500, 5.0)], ids=["too-slow", "server-errors"])
def test_a_slow_or_failing_scenario_misses_its_target(bench, status, server_ms):
    scenario = bench.Scenario("filtered", ("/products/?origin=JP",), 50.0, "filtered")
    result = bench.measure(client_answering(status, server_ms), scenario, samples=5, warmup=0, budget_s=30)
    assert result.meets_target is False


def test_an_exhausted_time_budget_stops_sampling_early(bench):
    scenario = bench.Scenario("search", ("/products/?q=a", "/products/?q=b"), 100.0, "search")
    result = bench.measure(client_answering(200, 1.0), scenario, samples=1000, warmup=0, budget_s=0)
    assert result.samples == 2


def test_the_report_renders_every_scenario_and_the_load_figure(bench):
    scenario = bench.Scenario("listing", ("/products/",), 50.0, "listing")
    row = bench.measure(client_answering(200, 10.0), scenario, samples=3, warmup=0, budget_s=30)
    report = {
        "date": "2026-11-28",
        "code": {"ref": "HEAD", "commit": "abc1234"},
        "environment": {"postgres": "15", "cpus": 2, "load_average": 1.0},
        "seed": {"products": 100000},
        "server": {"workers": 2},
        "settings": {"samples": 3, "warmup": 0, "scenario_seconds": 30},
        "measurements": [bench.asdict(row)],
        "load": {
            "clients": 8,
            "duration_s": 20,
            "requests_per_s": 123.4,
            "errors": 0,
            "client_ms": {"p50": 1, "p95": 2},
            "server_ms": {"p50": 1, "p95": 2},
        },
    }
    text = bench.markdown(report)
    assert "| listing (listing) | 3 | 10.0 | 10.0 |" in text
    assert "**123.4 requests/s**" in text
