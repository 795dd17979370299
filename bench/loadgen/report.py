"""What a run prints: the human summary, the JSON document, and rows for docs/benchmarks.md."""
from __future__ import annotations

import os
import platform
from dataclasses import asdict

from . import procstat
from .lag import LagSample
from .phases import Window
from .stats import Summary, percentile, summarize

ANSWER_OK = frozenset({200, 201})
NOOP_OK = frozenset({404})  # the no-op's answer: that assessment does not exist


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "model": model, "loadavg_at_start": open("/proc/loadavg").read().split()[:3]}


def phase_report(window: Window, kind: str, ok: frozenset) -> dict:
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
    }


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
    s = Summary(phase["kind"], phase["count"], phase["seconds"], phase["p50_ms"], phase["p95_ms"], phase["p99_ms"],
                phase["max_ms"], phase["errors"])
    errors = ", ".join(f"{k}: {v}" for k, v in s.errors.items()) or "none"
    cpu = ", ".join(f"{k} {v:.2f}" for k, v in phase["cpu_ms_per_op"].items() if v >= 0.005)
    return (f"{name}: {s.count} in {s.seconds:.1f} s = {phase['rate']:.1f} {unit}/s; latency p50 {_ms(s.p50_ms)}, "
            f"p95 {_ms(s.p95_ms)}, p99 {_ms(s.p99_ms)}, max {_ms(s.max_ms)}; errors {errors}\n"
            f"  CPU ms per {unit}: platform {phase['platform_cpu_ms_per_op']:.2f} = {cpu}\n"
            f"  load generator {phase['load_generator_cpu_ms_per_op']:.2f} ms per {unit} "
            f"({phase['load_generator_cores']:.2f} core), platform {phase['platform_cores']:.2f} core, "
            f"other processes of the machine {phase['other_processes_cores']:.2f} core"
            + (f"\n  ended inside the window, CPU lost: {phase['gone']}" if phase["gone"] else ""))


def human(result: dict) -> str:
    s, m = result["settings"], result["machine"]
    lines = [f"{s['candidates']} candidates, think {s['think_ms']} ms, rate {s['rate'] or 'free'}, windows of "
             f"{s['seconds']} s after {s['warmup']} s of warm-up; {m['nproc']} × {m['model']}, load average "
             f"{' '.join(m['loadavg_at_start'])} at start; stack {result['stack']['gateway']}"]
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


def markdown(result: dict) -> str:
    """Rows for docs/benchmarks.md: the headline row, then CPU per answer by process."""
    s, answers, noop, lag = result["settings"], result["answers"], result.get("noop"), result.get("lag") or {}

    def ms(v):
        return "–" if v is None else f"{v:.0f}"
    head = ("| candidates | think | answers/s | p50 / p95 / p99 ms | no-op/s | ratio | CPU ms/answer | "
            "lag p50 / p99 ms |\n|---:|---:|---:|---|---:|---:|---:|---|")
    row = (f"| {s['candidates']} | {s['think_ms']} ms{' @ ' + str(s['rate']) + '/s' if s['rate'] else ''} | "
           f"{answers['rate']:.1f} | {ms(answers['p50_ms'])} / {ms(answers['p95_ms'])} / {ms(answers['p99_ms'])} | "
           f"{noop['rate']:.1f} | {result['ratio']:.2f} | " if noop else
           f"| {s['candidates']} | {s['think_ms']} ms | {answers['rate']:.1f} | {ms(answers['p50_ms'])} / "
           f"{ms(answers['p95_ms'])} / {ms(answers['p99_ms'])} | – | – | ")
    row += f"{answers['platform_cpu_ms_per_op']:.1f} | {ms(lag.get('p50_ms'))} / {ms(lag.get('p99_ms'))} |"
    names = list(answers["cpu_ms_per_op"])
    cpu = ["| process | CPU ms per answer | CPU ms per no-op |", "|---|---:|---:|"]
    for name in names:
        other = noop["cpu_ms_per_op"].get(name) if noop else None
        cpu.append(f"| {name} | {answers['cpu_ms_per_op'][name]:.2f} | {'–' if other is None else f'{other:.2f}'} |")
    cpu.append(f"| **platform sum** | **{answers['platform_cpu_ms_per_op']:.2f}** | "
               f"**{noop['platform_cpu_ms_per_op']:.2f}** |" if noop else
               f"| **platform sum** | **{answers['platform_cpu_ms_per_op']:.2f}** | – |")
    cpu.append(f"| load generator (apart) | {answers['load_generator_cpu_ms_per_op']:.2f} | "
               f"{noop['load_generator_cpu_ms_per_op']:.2f} |" if noop else
               f"| load generator (apart) | {answers['load_generator_cpu_ms_per_op']:.2f} | – |")
    m = result["machine"]
    foot = (f"Machine: {m['nproc']} × {m['model']} (nproc), load average {' '.join(m['loadavg_at_start'])} "
            f"at start, other processes {answers['other_processes_cores']:.2f} core during the answer window. "
            f"Command: `{result['command']}`")
    return "\n".join([head, row, "", *cpu, "", foot])
