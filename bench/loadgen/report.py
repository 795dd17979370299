"""What a run prints: the human summary, the JSON document, and rows for docs/benchmarks.md."""
from __future__ import annotations

import os
import platform
from dataclasses import asdict

from . import procstat
from .lag import LagSample
from .phases import Window
from .stats import percentile, summarize

ANSWER_OK = frozenset({200, 201})
NOOP_OK = frozenset({404})  # the no-op's answer: that assessment does not exist


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "model": model, "loadavg_at_start": open("/proc/loadavg").read().split()[:3]}


def idle_report(window: Window) -> dict:
    """The stack's background: cores each process uses with no load."""
    seconds = window.end - window.start
    cores = {name: round(used / seconds, 4) for name, used in
             sorted(window.cpu.seconds_by_group.items(), key=lambda kv: -kv[1]) if name != procstat.LOAD_GENERATOR}
    return {"seconds": seconds, "cores_by_process": cores, "platform_cores": round(sum(cores.values()), 4),
            "other_processes_cores": round(window.cpu.others_seconds() / seconds, 3)}


def phase_report(window: Window, kind: str, ok: frozenset, idle: dict | None = None) -> dict:
    summary = summarize(window.requests, kind, (window.start, window.end), ok)
    per_op = 1000 / summary.count if summary.count else 0.0
    cpu = window.cpu
    by_process = {name: round(seconds * per_op, 3) for name, seconds in
                  sorted(cpu.seconds_by_group.items(), key=lambda kv: -kv[1]) if name != procstat.LOAD_GENERATOR}
    others = {k: asdict(summarize(window.requests, k, (window.start, window.end), ok))
              for k in ("start", "read") if any(r.kind == k for r in window.requests)}
    return {
        **asdict(summary), "rate": round(summary.rate, 2),
        "cpu_ms_per_op": by_process,
        "platform_cpu_ms_per_op": round(cpu.platform_seconds() * per_op, 3),
        "load_generator_cpu_ms_per_op": round(cpu.seconds_by_group[procstat.LOAD_GENERATOR] * per_op, 3),
        "load_generator_cores": round(cpu.seconds_by_group[procstat.LOAD_GENERATOR] / summary.seconds, 3),
        "platform_cores": round(cpu.platform_seconds() / summary.seconds, 3),
        "other_processes_cores": round(cpu.others_seconds() / summary.seconds, 3),
        "pids": cpu.pids_by_group, "gone": cpu.gone, "other_requests": others,
    } | (_marginal(cpu, summary.seconds, per_op, idle) if idle else {})


def _marginal(cpu: procstat.CpuWindow, seconds: float, per_op: float, idle: dict) -> dict:
    """CPU per operation above the idle background, by process and summed."""
    by_process = {name: round(max(0.0, used - idle["cores_by_process"].get(name, 0.0) * seconds) * per_op, 3)
                  for name, used in cpu.seconds_by_group.items() if name != procstat.LOAD_GENERATOR}
    return {"marginal_cpu_ms_per_op": dict(sorted(by_process.items(), key=lambda kv: -kv[1])),
            "marginal_platform_cpu_ms_per_op": round(sum(by_process.values()), 3)}


def lag_report(samples: list[LagSample], waiting: int) -> dict:
    lags = sorted(s.lag * 1000 for s in samples)
    seen = sorted(s.seen_lag * 1000 for s in samples)
    report = {"samples": len(lags), "never_seen": waiting}
    if lags:
        report.update({f"p{p}_ms": round(percentile(lags, p), 1) for p in (50, 95, 99)})
        report.update({"max_ms": round(lags[-1], 1), "seen_p50_ms": round(percentile(seen, 50), 1),
                       "seen_p99_ms": round(percentile(seen, 99), 1)})
    return report


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _line(name: str, phase: dict, unit: str) -> str:
    errors = ", ".join(f"{k}: {v}" for k, v in phase["errors"].items()) or "none"
    cpu = ", ".join(f"{k} {v:.2f}" for k, v in phase["cpu_ms_per_op"].items() if v >= 0.005)
    lines = [f"{name}: {phase['count']} in {phase['seconds']:.1f} s = {phase['rate']:.1f} {unit}/s; latency p50 "
             f"{_ms(phase['p50_ms'])}, p95 {_ms(phase['p95_ms'])}, p99 {_ms(phase['p99_ms'])}, max "
             f"{_ms(phase['max_ms'])}; errors {errors}",
             f"  CPU ms per {unit}: platform {phase['platform_cpu_ms_per_op']:.2f} = {cpu}"]
    if "marginal_platform_cpu_ms_per_op" in phase:
        lines.append(f"  above the idle background: {phase['marginal_platform_cpu_ms_per_op']:.2f} ms per {unit}")
    lines.append(f"  load generator {phase['load_generator_cpu_ms_per_op']:.2f} ms per {unit} "
                 f"({phase['load_generator_cores']:.2f} core), platform {phase['platform_cores']:.2f} core, "
                 f"other processes of the machine {phase['other_processes_cores']:.2f} core")
    if phase["gone"]:
        lines.append(f"  ended inside the window, CPU lost: {phase['gone']}")
    return "\n".join(lines)


def human(result: dict) -> str:
    s, m = result["settings"], result["machine"]
    lines = [f"{s['candidates']} candidates, think {s['think_ms']} ms, rate {s['rate'] or 'free'}, windows of "
             f"{s['seconds']} s after {s['warmup']} s of warm-up; {m['nproc']} × {m['model']}, load average "
             f"{' '.join(m['loadavg_at_start'])} at start; stack {result['stack']['gateway']}"]
    if "idle" in result:
        idle = result["idle"]
        busiest = ", ".join(f"{k} {v:.3f}" for k, v in idle["cores_by_process"].items() if v >= 0.0005)
        lines.append(f"idle ({idle['seconds']:.0f} s, no load): platform {idle['platform_cores']:.3f} core = "
                     f"{busiest}; other processes of the machine {idle['other_processes_cores']:.2f} core")
    if "noop" in result:
        lines.append(_line("no-op", result["noop"], "request"))
    answers = result["answers"]
    lines.append(_line("answers", answers, "answer"))
    lines.append(f"  tests started {answers['tests_started']}, candidates done with all 16 tests "
                 f"{answers['candidates_finished']}, fresh candidates taken {answers['pool_taken']} of "
                 f"{s['pool']}" + (" — THE POOL RAN DRY: not a steady state, rerun with a larger --pool"
                                   if answers["pool_exhausted"] else ""))
    if "ratio" in result:
        lines.append(f"answers / no-op: {result['ratio']:.2f}")
    lag = result.get("lag")
    if lag:
        if lag["samples"]:
            lines.append(f"lag AnswerRecorded → ProfileUpdated ({lag['samples']} tests closed in the window): "
                         f"p50 {lag['p50_ms']:.0f} ms, p95 {lag['p95_ms']:.0f} ms, p99 {lag['p99_ms']:.0f} ms, "
                         f"max {lag['max_ms']:.0f} ms (as read by the bench: p50 {lag['seen_p50_ms']:.0f}, "
                         f"p99 {lag['seen_p99_ms']:.0f} ms); never seen {lag['never_seen']}")
        else:
            lines.append(f"lag: no test closed in the window was matched (never seen {lag['never_seen']})")
    return "\n".join(lines)


def _cell(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(result: dict) -> str:
    """Rows for docs/benchmarks.md: the headline row, then CPU per operation by process."""
    s, answers, lag = result["settings"], result["answers"], result.get("lag") or {}
    noop, idle = result.get("noop") or {}, result.get("idle") or {}
    pace = f"{s['think_ms']:g} ms" + (f", ≤ {s['rate']:g}/s" if s["rate"] else "")
    head = ["| candidates | think, pace | answers/s | p50 / p95 / p99 ms | no-op/s | ratio | CPU ms/answer "
            "(above idle) | lag p50 / p99 ms |", "|---:|---|---:|---|---:|---:|---|---|"]
    head.append(f"| {s['candidates']} | {pace} | {answers['rate']:.1f} | {_cell(answers['p50_ms'])} / "
                f"{_cell(answers['p95_ms'])} / {_cell(answers['p99_ms'])} | {_cell(noop.get('rate'), 1)} | "
                f"{_cell(result.get('ratio'), 2)} | {answers['platform_cpu_ms_per_op']:.1f} "
                f"({_cell(answers.get('marginal_platform_cpu_ms_per_op'), 1)}) | {_cell(lag.get('p50_ms'))} / "
                f"{_cell(lag.get('p99_ms'))} |")
    cpu = ["| process | CPU ms per answer | above idle | CPU ms per no-op | idle, core |", "|---|---:|---:|---:|---:|"]
    for name, value in answers["cpu_ms_per_op"].items():
        cpu.append(f"| {name} | {value:.2f} | {_cell(answers.get('marginal_cpu_ms_per_op', {}).get(name), 2)} | "
                   f"{_cell(noop.get('cpu_ms_per_op', {}).get(name), 2)} | "
                   f"{_cell(idle.get('cores_by_process', {}).get(name), 3)} |")
    cpu.append(f"| **platform sum** | **{answers['platform_cpu_ms_per_op']:.2f}** | "
               f"**{_cell(answers.get('marginal_platform_cpu_ms_per_op'), 2)}** | "
               f"**{_cell(noop.get('platform_cpu_ms_per_op'), 2)}** | **{_cell(idle.get('platform_cores'), 3)}** |")
    cpu.append(f"| load generator (apart) | {answers['load_generator_cpu_ms_per_op']:.2f} | | "
               f"{_cell(noop.get('load_generator_cpu_ms_per_op'), 2)} | |")
    m = result["machine"]
    foot = (f"Machine: {m['nproc']} × {m['model']} (nproc), load average {' '.join(m['loadavg_at_start'])} at start; "
            f"other processes of the machine used {answers['other_processes_cores']:.2f} core during the answer "
            f"window. Command: `{result['command']}`")
    return "\n".join([*head, "", *cpu, "", foot])
