"""The soak's own analysis (benchmarks/soak.py): slope fit, status classes, parsing, verdicts.

`make soak` itself runs wrk against granian for a minute and is not part of the test suite; these
tests check the code that judges it, and that the request mix answers what the soak expects.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, relative: str) -> ModuleType:
    """Import a benchmarks module by path (the benchmarks package is not installed)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


soak = _load("soak_under_test", "benchmarks/soak.py")
soak_app = _load("soak_app_under_test", "benchmarks/soak_app.py")


def _samples(kib_per_second: float, seconds: int = 60, start: int = 70_000) -> list:
    pids = frozenset({100, 101})
    return [
        soak.Sample(float(t), int(start + kib_per_second * t), pids) for t in range(seconds + 1)
    ]


def _figures(**changes: object):
    figures = soak.WrkFigures(
        requests=1_000,
        duration_s=10.0,
        p99_ms=3.0,
        statuses={200: 600, 204: 100, 400: 200, 404: 100},
        errors={"connect": 0, "read": 0, "write": 0, "timeout": 0},
        session={"recalls": 200, "matches": 100, "mismatches": 0},
    )
    for name, value in changes.items():
        setattr(figures, name, value)
    return figures


# The slope fit


def test_slope_of_points_on_a_line_is_the_line_slope() -> None:
    points = [(x, 2.5 * x + 7) for x in range(10)]
    assert soak.least_squares_slope(points) == pytest.approx(2.5)


def test_slope_of_noise_mirrored_around_the_middle_is_zero() -> None:
    values = [1.0, 3.0, 3.0, 1.0, 1.0, 3.0, 3.0, 1.0]  # a palindrome: no trend
    assert soak.least_squares_slope(list(enumerate(values))) == pytest.approx(0, abs=1e-12)
    # The last sample high alone gives a small positive slope (noise, not a leak).
    values[-1] = 5.0
    assert 0 < soak.least_squares_slope(list(enumerate(values))) < 0.5
    assert soak.least_squares_slope([(0, 5.0), (1, 5.0), (2, 5.0)]) == 0


def test_slope_needs_two_points_at_different_x() -> None:
    with pytest.raises(ValueError, match="at least two points"):
        soak.least_squares_slope([(1.0, 2.0)])
    with pytest.raises(ValueError, match="two different x"):
        soak.least_squares_slope([(1.0, 2.0), (1.0, 3.0)])


def test_rss_slope_is_in_mib_per_minute() -> None:
    # 1 MiB (1024 KiB) more every 60 s is exactly 1 MiB per minute.
    assert soak.rss_slope_mib_per_minute(_samples(1024 / 60)) == pytest.approx(1.0, rel=1e-3)
    assert soak.rss_slope_mib_per_minute(_samples(0)) == 0


def test_second_half_keeps_only_the_samples_from_half_time_to_the_end() -> None:
    late = soak.second_half(_samples(0, seconds=10), 10)
    assert [sample.at for sample in late] == [5.0, 6.0, 7.0, 8.0, 9.0, 10.0]


def test_slope_ignores_growth_in_the_first_half() -> None:
    warming = [
        soak.Sample(float(t), 60_000 + 1_000 * min(t, 20), frozenset({1})) for t in range(61)
    ]
    verdict = soak.judge(_figures(), warming, 60)
    assert verdict.slope == 0
    assert verdict.failures == []
    assert (verdict.rss_start_kib, verdict.rss_end_kib) == (60_000, 80_000)


# Status classes


@pytest.mark.parametrize(
    ("status", "expected"),
    [(200, "2xx"), (204, "2xx"), (302, "3xx"), (404, "4xx"), (500, "5xx"), (0, "other")],
)
def test_status_class(status: int, expected: str) -> None:
    assert soak.status_class(status) == expected


def test_count_by_class_adds_up_codes_of_one_class() -> None:
    counts = soak.count_by_class({200: 5, 204: 2, 400: 3, 404: 1, 502: 4})
    assert counts == {"2xx": 7, "4xx": 4, "5xx": 4}


# wrk's output


WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:4321/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.90ms    1.00ms  20.00ms   90.00%
  84402 requests in 10.01s, 20.00MB read
  Non-2xx or 3xx responses: 30691
Requests/sec:   8432.00
soak requests 84402
soak duration_us 10010000
soak p99_us 4300
soak error_connect 0
soak error_read 2
soak error_write 0
soak error_timeout 1
soak session_recalls 15344
soak session_matches 7671
soak session_mismatches 0
soak-status 200 46037
soak-status 204 7674
soak-status 400 23017
soak-status 404 7674
"""


def test_parse_wrk_output_reads_the_figures_of_done() -> None:
    figures = soak.parse_wrk_output(WRK_OUTPUT)
    assert figures is not None
    assert figures.requests == 84_402
    assert figures.duration_s == pytest.approx(10.01)
    assert figures.requests_per_second == pytest.approx(84_402 / 10.01)
    assert figures.p99_ms == pytest.approx(4.3)
    assert figures.errors == {"connect": 0, "read": 2, "write": 0, "timeout": 1}
    assert figures.session == {"recalls": 15_344, "matches": 7_671, "mismatches": 0}
    assert figures.statuses == {200: 46_037, 204: 7_674, 400: 23_017, 404: 7_674}


def test_parse_wrk_output_without_figures_is_none() -> None:
    assert soak.parse_wrk_output("Running 10s test\nunable to connect to 127.0.0.1:1\n") is None


# The verdict


def test_a_clean_run_passes() -> None:
    verdict = soak.judge(_figures(), _samples(0.5 * 1024 / 60), 60)  # 0.5 MiB/min
    assert verdict.failures == []
    assert verdict.slope is not None and verdict.slope < soak.SLOPE_LIMIT_MIB_PER_MINUTE


def test_a_5xx_or_other_status_fails_the_run() -> None:
    verdict = soak.judge(_figures(statuses={200: 10, 500: 2, 302: 1}), _samples(0), 60)
    assert verdict.failures == ["responses outside 2xx/4xx: 1 x 302, 2 x 500"]


def test_socket_errors_fail_the_run() -> None:
    errors = {"connect": 0, "read": 3, "write": 0, "timeout": 1}
    verdict = soak.judge(_figures(errors=errors), _samples(0), 60)
    assert verdict.failures == ["socket errors: read 3, timeout 1"]


def test_rss_growing_a_mib_per_minute_in_the_second_half_fails_the_run() -> None:
    verdict = soak.judge(_figures(), _samples(1.2 * 1024 / 60), 60)
    assert verdict.slope == pytest.approx(1.2, rel=1e-3)
    assert verdict.failures == ["RSS grew 1.20 MiB/min over the second half (limit 1 MiB/min)"]


def test_slope_is_reported_but_not_judged_under_tracemalloc() -> None:
    verdict = soak.judge(_figures(), _samples(5 * 1024 / 60), 60, judge_slope=False)
    assert verdict.slope == pytest.approx(5.0, rel=1e-3)
    assert verdict.failures == []


def test_session_reads_that_miss_their_value_fail_the_run() -> None:
    mismatched = soak.judge(
        _figures(session={"recalls": 9, "matches": 5, "mismatches": 4}), _samples(0), 60
    )
    assert mismatched.failures == [
        "4 session reads answered another value than the one stored under their cookie"
    ]
    never_found = soak.judge(_figures(session={"recalls": 9, "matches": 0}), _samples(0), 60)
    assert never_found.failures == ["no session read found its stored value"]


def test_a_missing_report_too_few_samples_or_a_restarted_worker_fail_the_run() -> None:
    verdict = soak.judge(None, _samples(0, seconds=2), 60)
    assert verdict.failures == [
        "wrk printed no figures (did the Lua script's done() run?)",
        "only 0 RSS samples in the second half: cannot fit a slope",
    ]
    restarted = _samples(0)
    restarted[40] = soak.Sample(40.0, 70_000, frozenset({100, 102}))
    assert soak.judge(_figures(), restarted, 60).failures == [
        "the server's processes changed during the run (a worker died or was restarted)"
    ]


def test_report_lists_the_figures_and_the_result() -> None:
    figures = soak.parse_wrk_output(WRK_OUTPUT)
    verdict = soak.judge(figures, _samples(0), 60)
    report = soak.format_report(figures, verdict, 60, "asgi")
    assert "84,402 (8,432/s)" in report
    assert "status 4xx            30,691 (400: 23,017, 404: 7,674)" in report
    assert "socket errors         connect 0, read 2, write 0, timeout 1" in report
    assert "start 68.4 MiB" in report
    assert report.endswith("result                FAIL")


# /proc parsing


def test_vmrss_is_read_from_proc_status() -> None:
    text = "Name:\tgranian\nVmPeak:\t  90000 kB\nVmRSS:\t   71234 kB\nThreads:\t3\n"
    assert soak.vmrss_kib(text) == 71_234
    assert soak.vmrss_kib("Name:\tkthreadd\nThreads:\t1\n") is None


def test_process_group_is_read_after_the_command_name() -> None:
    assert soak.process_group("4242 (python -m x) S 1 4240 4240 0 -1 4194560 ...") == 4240
    assert soak.process_group("7 (a) b (c)) R 2 77 78 0") == 77


def test_group_pids_finds_this_process_in_its_own_group() -> None:
    assert os.getpid() in soak.group_pids(os.getpgrp())
    sample = soak.sample_rss(os.getpgrp(), 1.5)
    assert os.getpid() in sample.pids
    assert sample.rss_kib > 1_000


# Settings


def test_settings_default_to_a_minute_on_asgi() -> None:
    assert soak.setting({}) == (60, "asgi")
    assert soak.setting({"SOAK_SECONDS": "10", "SOAK_INTERFACE": "WSGI"}) == (10, "wsgi")


@pytest.mark.parametrize("value", ["", "ten", "1.5", "-5", "3", "601"])
def test_a_bad_duration_is_refused_with_the_variable_and_range(value: str) -> None:
    with pytest.raises(ValueError, match=r"SOAK_SECONDS must be a whole number .* from 4 to 600"):
        soak.setting({"SOAK_SECONDS": value})


def test_a_bad_interface_is_refused() -> None:
    with pytest.raises(ValueError, match="SOAK_INTERFACE must be asgi or wsgi, got 'rsgi'"):
        soak.setting({"SOAK_INTERFACE": "rsgi"})


# The request mix and its Lua script


def test_lua_script_lists_every_kind_with_escaped_bodies() -> None:
    script = soak.lua_script()
    for kind in soak.MIX:
        assert f'name = "{kind.name}"' in script
    assert r'body = "{\"name\": \"widget\", \"quan"' in script
    assert '["Origin"] = "https://app.example.com"' in script
    assert "--KINDS--" not in script and "--ORIGIN--" not in script


def test_mix_covers_good_and_bad_requests() -> None:
    statuses = {status for kind in soak.MIX for status in kind.status}
    assert {200, 400, 404} <= statuses
    assert {kind.method for kind in soak.MIX} == {"GET", "POST", "OPTIONS"}
    assert [kind.name for kind in soak.MIX if kind.dynamic] == ["session set", "session read"]


@pytest.mark.parametrize("kind", [k for k in soak.MIX if not k.dynamic], ids=lambda k: k.name)
def test_each_fixed_request_of_the_mix_answers_its_expected_status(http, kind) -> None:
    path, _, query = kind.path.partition("?")
    headers = {"Origin": soak.ORIGIN, **dict(kind.headers)}
    response = http.call(kind.method, soak_app, path, kind.body, headers, query_string=query)
    assert int(response.status.split()[0]) in kind.status
    if 400 <= int(response.status.split()[0]) < 500 and kind.method != "OPTIONS":
        assert "errors" in response.data or "404" in response.data


def test_a_session_set_is_read_back_with_its_cookie(http) -> None:
    json_headers = {"Origin": soak.ORIGIN, "Content-Type": "application/json"}
    stored = http.post(soak_app, "/session", '{"value": "t1-1"}', json_headers)
    assert stored.data == {"stored": "t1-1"}
    cookie = stored.headers_dict["set-cookie"].split(";")[0]
    assert cookie.startswith("sid=")
    read = http.get(soak_app, "/session", headers={"Cookie": cookie}, query_string="expect=t1-1")
    assert read.data == {"value": "t1-1", "expected": "t1-1"}
    bogus = http.get(soak_app, "/session", headers={"Cookie": "sid=not-an-id"})
    assert bogus.data == {"value": "", "expected": ""}
