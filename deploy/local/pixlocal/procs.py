"""Background processes with pid files under <var>/run and logs under <var>/log."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path


class StartError(RuntimeError):
    pass


def pid_file(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.pid"


def read_pid(run_dir: Path, name: str) -> int | None:
    try:
        pid = int(pid_file(run_dir, name).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return pid if is_alive(pid) else None


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as gone.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


class PortTaken(RuntimeError):
    """Another process (often another stack: another clone, another PIX_TEST_SLOT) holds a port
    this one needs. Its readiness checks would answer for us: refuse instead of sharing it."""


PORT_WAIT_S = 15.0


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def start(run_dir: Path, log_dir: Path, name: str, argv: list[str], env: dict[str, str] | None = None,
          cwd: Path | None = None, ports: tuple[int, ...] = ()) -> int:
    """Start `argv` in its own session unless it already runs; returns its pid. `ports`: those
    it will listen on, which must be free when it is not already ours."""
    run_dir.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    existing = read_pid(run_dir, name)
    if existing:
        return existing
    deadline = time.monotonic() + PORT_WAIT_S  # a process of ours just stopped may still be closing it
    while (taken := [port for port in ports if port_taken(port)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    if taken:
        raise PortTaken(f"{name}: port {', '.join(map(str, taken))} already in use by a process not started from "
                        f"{run_dir} (another stack? stop it, e.g. `pixlocal infra-down --test` in its folder, "
                        f"or pick another PIX_TEST_SLOT)")
    log = open(log_dir / f"{name}.log", "ab")
    proc = subprocess.Popen(
        argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, "PIX_PROCESS_LABEL": name, **(env or {})}, cwd=cwd, start_new_session=True,
    )
    pid_file(run_dir, name).write_text(str(proc.pid))
    return proc.pid


def stop(run_dir: Path, name: str, timeout: float = 20.0, sig: int = signal.SIGTERM) -> bool:
    """Stop the process group started under `name`; SIGKILL after `timeout`."""
    pid = read_pid(run_dir, name)
    pid_file(run_dir, name).unlink(missing_ok=True)
    if not pid:
        return False
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and is_alive(pid):
        time.sleep(0.1)
    if is_alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return True


def kill(run_dir: Path, name: str) -> bool:
    """Kill at once, as a crash would."""
    return stop(run_dir, name, timeout=5.0, sig=signal.SIGKILL)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def wait_until(check, timeout: float, what: str, log: Path | None = None, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as exc:  # noqa: BLE001 - readiness probes fail in many ways until ready
            last_error = exc
        time.sleep(interval)
    tail = ""
    if log and log.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
    raise StartError(f"{what} not ready after {timeout:.0f}s (last error: {last_error})\n{tail}")
