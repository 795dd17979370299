"""The pure parts of bench/answers.py's load generator: percentiles, CPU accounting from two
/proc samples, pacing, and the matching of answers with profile updates."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from loadgen import procstat  # noqa: E402 - bench/loadgen is not an installed package
from loadgen.lag import LagMatcher, epoch, skippable  # noqa: E402
from loadgen.pacing import Pacer, think_seconds  # noqa: E402
from loadgen.stats import Request, percentile, summarize  # noqa: E402

# --- percentiles and phase summaries

def test_percentile_is_the_nearest_rank():
    hundred = [float(v) for v in range(1, 101)]
    assert [percentile(hundred, p) for p in (50, 95, 99, 100)] == [50.0, 95.0, 99.0, 100.0]
    four = [10.0, 20.0, 30.0, 40.0]
    assert [percentile(four, p) for p in (25, 50, 75, 76)] == [10.0, 20.0, 30.0, 40.0]
    assert percentile([7.0], 99) == 7.0


def test_percentile_refuses_no_samples_and_out_of_range():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 0)


def test_summarize_counts_what_ended_inside_the_window_and_errors_by_status():
    requests = [
        Request("answer", 0.5, 0.9, 201),  # ended before the window
        Request("answer", 0.9, 1.1, 201),  # began before, ended inside: counts
        Request("answer", 2.0, 2.03, 201),
        Request("answer", 3.0, 3.5, 409),
        Request("answer", 4.0, 4.2, "ServerDisconnectedError"),
        Request("noop", 2.0, 2.01, 404),  # another kind
        Request("answer", 10.5, 10.6, 201),  # ended after
    ]
    summary = summarize(requests, "answer", (1.0, 10.0), frozenset({200, 201}))
    assert summary.count == 2
    assert summary.rate == pytest.approx(2 / 9)
    assert summary.p50_ms == pytest.approx(30.0)
    assert summary.max_ms == pytest.approx(200.0)
    assert summary.errors == {"409": 1, "ServerDisconnectedError": 1}
    noop = summarize(requests, "noop", (1.0, 10.0), frozenset({404}))
    assert (noop.count, noop.errors) == (1, {})


# --- CPU accounting from /proc

def stat_line(pid: int, comm: str, ppid: int, utime: int, stime: int, start: int) -> str:
    # Fields 3.. of proc(5): state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    # utime stime cutime cstime priority nice threads itrealvalue starttime vsize …
    fields = ["S", ppid, pid, pid, 0, -1, 4194560, 100, 0, 0, 0, utime, stime, 5, 6, 20, 0, 3, 0, start, 1000, 50]
    return f"{pid} ({comm}) " + " ".join(str(f) for f in fields) + "\n"


def test_parse_stat_reads_past_a_command_name_with_spaces_and_parentheses():
    stat = procstat.parse_stat(stat_line(4242, "gunicorn: worker (pix-gateway)", 4200, 130, 70, 99887))
    assert (stat.pid, stat.ppid, stat.ticks, stat.start_ticks) == (4242, 4200, 200, 99887)


def test_sample_reads_every_numbered_process_of_a_proc_tree(tmp_path):
    for pid, ppid, ticks in ((1, 0, 10), (50, 1, 300)):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(stat_line(pid, "x", ppid, ticks, 0, 1))
    (tmp_path / "self").mkdir()
    (tmp_path / "77").mkdir()  # ended between the listing and the read: no stat file
    found = procstat.sample(tmp_path)
    assert sorted(found) == [1, 50]
    assert found[50].ticks == 300


def test_machine_ticks_leave_idle_and_iowait_out(tmp_path):
    (tmp_path / "stat").write_text("cpu  100 2 30 5000 40 1 2 3 0 0\ncpu0 50 1 15 2500 20 0 1 1 0 0\n")
    assert procstat.machine_ticks(tmp_path) == 100 + 2 + 30 + 1 + 2 + 3


def test_stack_roots_name_each_pid_file_and_skip_unreadable_ones(tmp_path):
    (tmp_path / "gateway-web.pid").write_text("321\n")
    (tmp_path / "store.pid").write_text("12")
    (tmp_path / "kafka.pid").write_text("")
    assert procstat.stack_roots(tmp_path) == {"gateway-web": 321, "store": 12}


def proc(pid, ppid, ticks, start=1):
    return procstat.ProcStat(pid, ppid, ticks, start)


def test_groups_hold_masters_their_workers_and_workers_born_inside_the_window():
    before = {1: proc(1, 0, 0), 10: proc(10, 1, 0), 11: proc(11, 10, 0), 20: proc(20, 1, 0), 30: proc(30, 20, 0)}
    after = {**before, 12: proc(12, 10, 0), 13: proc(13, 12, 0)}
    assert procstat.groups({"gateway-web": 10, "store": 20}, before, after) == {
        "gateway-web": {10, 11, 12, 13}, "store": {20, 30}}
    assert procstat.descendants(99, after) == set()  # a pid file of a process gone


def test_cpu_window_counts_differences_newcomers_and_reports_the_gone():
    before = {10: proc(10, 1, 1000), 11: proc(11, 10, 500), 12: proc(12, 10, 70), 14: proc(14, 10, 900, start=5)}
    after = {10: proc(10, 1, 1100), 11: proc(11, 10, 800), 13: proc(13, 10, 40, start=9),
             14: proc(14, 10, 25, start=8),  # pid reused by a new process: all its ticks are the window's
             99: proc(99, 1, 60)}
    window = procstat.cpu_window(before, after, {"assessment-web": {10, 11, 12, 13, 14}, procstat.LOAD_GENERATOR: {99}},
                                 machine_before=10_000, machine_after=10_800, hz=100)
    assert window.seconds_by_group["assessment-web"] == pytest.approx((100 + 300 + 40 + 25) / 100)
    assert window.gone == {"assessment-web": [12]}
    assert window.pids_by_group["assessment-web"] == [10, 11, 13, 14]
    # The load generator (60 ticks, all inside: it is not in `before`) is not the platform's.
    assert window.platform_seconds() == pytest.approx(4.65)
    assert window.machine_seconds == pytest.approx(8.0)
    assert window.others_seconds() == pytest.approx(8.0 - 4.65 - 0.6)


# --- pacing

def test_pacer_spaces_answers_one_interval_apart():
    pacer = Pacer(10, start=100.0)
    assert [pacer.reserve(100.0) for _ in range(4)] == pytest.approx([100.0, 100.1, 100.2, 100.3])


def test_pacer_behind_schedule_never_bursts_to_catch_up():
    pacer = Pacer(4, start=0.0)
    assert pacer.reserve(0.0) == 0.0
    assert pacer.reserve(3.0) == 3.0  # late: goes now…
    assert pacer.reserve(3.0) == pytest.approx(3.25)  # …and the next one still waits its interval
    with pytest.raises(ValueError):
        Pacer(0, start=0.0)


def test_think_time_is_exponential_with_the_mean_asked():
    rng = random.Random(7)
    draws = [think_seconds(200, rng) for _ in range(20_000)]
    assert min(draws) > 0
    assert sum(draws) / len(draws) == pytest.approx(0.2, rel=0.05)
    median = sorted(draws)[len(draws) // 2]
    assert median == pytest.approx(0.2 * 0.6931, rel=0.05)  # exponential: median = mean × ln 2
    assert think_seconds(0, rng) == 0.0


# --- matching closing answers with profile updates

ANNA, BOB = "a" * 8 + "-0000-4000-8000-" + "0" * 12, "b" * 8 + "-0000-4000-8000-" + "0" * 12


def answer(user, assessment, at, code="1.3"):
    return {"type": "AnswerRecorded", "id": f"ar-{at}", "occurred_at": at, "meta": {},
            "data": {"user_id": user, "assessment_id": assessment, "competence_code": code}}


def evaluated(user, assessment, event_id, reason="assessment"):
    return {"type": "CompetenceEvaluated", "id": event_id, "occurred_at": "2026-12-02T06:00:09Z", "meta": {},
            "data": {"user_id": user, "assessment_id": assessment, "reason": reason}}


def updated(user, cause):
    return {"type": "ProfileUpdated", "id": f"pu-{cause}", "occurred_at": "2026-12-02T06:00:09Z",
            "meta": {"causation_id": cause}, "data": {"user_id": user}}


def test_lag_runs_from_the_closing_answer_to_the_profile_update_it_caused():
    matcher = LagMatcher({ANNA})
    closing_at = "2026-12-02T06:00:08.250000Z"
    matcher.on_event(answer(ANNA, "run-1", "2026-12-02T06:00:01Z"), 0, 0)
    matcher.on_event(answer(ANNA, "run-1", closing_at), 0, 0)
    matcher.on_event(evaluated(ANNA, "run-1", "ce-1"), 0, 0)
    assert matcher.waiting(epoch(closing_at) - 1, epoch(closing_at) + 1) == 1
    matcher.on_event(updated(ANNA, "ce-1"), published_at=epoch(closing_at) + 0.4, seen_at=epoch(closing_at) + 0.5)
    [sample] = matcher.samples
    assert (sample.user_id, sample.competence_code) == (ANNA, "1.3")
    assert sample.lag == pytest.approx(0.4)
    assert sample.seen_lag == pytest.approx(0.5)
    assert matcher.waiting(0, 1e12) == 0


def test_lag_matches_a_profile_update_read_before_its_evaluation():
    matcher = LagMatcher(None)
    matcher.on_event(answer(ANNA, "run-1", "2026-12-02T06:00:08Z"), 0, 0)
    matcher.on_event(updated(ANNA, "ce-1"), published_at=epoch("2026-12-02T06:00:09Z"), seen_at=0)
    assert matcher.samples == []
    matcher.on_event(evaluated(ANNA, "run-1", "ce-1"), 0, 0)
    assert [s.lag for s in matcher.samples] == pytest.approx([1.0])


def test_lag_ignores_other_people_resets_and_updates_of_someone_else():
    matcher = LagMatcher({ANNA, BOB})
    matcher.on_event(answer("someone-else", "run-9", "2026-12-02T06:00:01Z"), 0, 0)
    matcher.on_event(evaluated("someone-else", "run-9", "ce-9"), 0, 0)
    matcher.on_event(updated("someone-else", "ce-9"), 5, 5)
    matcher.on_event(answer(ANNA, "run-1", "2026-12-02T06:00:01Z"), 0, 0)
    matcher.on_event(evaluated(ANNA, "run-1", "ce-reset", reason="reset"), 0, 0)
    matcher.on_event(updated(ANNA, "ce-reset"), 5, 5)
    matcher.on_event(answer(BOB, "run-2", "2026-12-02T06:00:01Z"), 0, 0)
    matcher.on_event(evaluated(BOB, "run-2", "ce-2"), 0, 0)
    matcher.on_event(updated(ANNA, "ce-2"), 5, 5)  # a cause that is not Anna's test
    assert matcher.samples == []


def test_records_whose_type_header_the_matcher_ignores_are_skipped_undecoded():
    assert skippable([("pix-version", b"1"), ("pix-type", b"AssessmentStarted")])
    assert not skippable([("pix-type", b"AnswerRecorded"), ("pix-version", b"1")])
    assert not skippable([("pix-type", b"ProfileUpdated")])
    assert not skippable([])  # a producer without the header: decoded
    assert not skippable(None)


# --- CPU per operation, and above the idle background

def test_cpu_per_operation_by_process_and_above_the_idle_background():
    from loadgen import report
    from loadgen.phases import Window

    requests = [Request("answer", 1.0 + i * 0.1, 1.05 + i * 0.1, 201) for i in range(80)]  # 80 in the window
    requests.append(Request("answer", 2.0, 2.2, 409))
    cpu = procstat.CpuWindow({"store": 0.8, "gateway-web": 0.4, procstat.LOAD_GENERATOR: 0.16},
                             {}, {}, machine_seconds=3.0)
    window = Window(start=0.0, end=10.0, wall_start=0.0, wall_end=10.0, cpu=cpu, requests=requests)
    idle = {"cores_by_process": {"store": 0.02, "gateway-web": 0.0}}
    phase = report.phase_report(window, "answer", report.ANSWER_OK, idle)
    assert phase["count"] == 80 and phase["errors"] == {"409": 1}
    assert phase["cpu_ms_per_op"] == {"store": 10.0, "gateway-web": 5.0}
    assert phase["platform_cpu_ms_per_op"] == 15.0
    assert phase["load_generator_cpu_ms_per_op"] == 2.0  # apart, not in the platform's sum
    # The store's 0.02 core of background over 10 s is 0.2 s: 0.6 s above it, 7.5 ms per answer.
    assert phase["marginal_cpu_ms_per_op"] == {"store": 7.5, "gateway-web": 5.0}
    assert phase["marginal_platform_cpu_ms_per_op"] == 12.5
    assert phase["other_processes_cores"] == pytest.approx((3.0 - 1.36) / 10, abs=0.001)
