"""Start and stop the services (a web process and a worker each) and the gateway."""
from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import requests

from . import api, demo, demo_certification, demo_sharing, infra, procs
from .config import ROOT, StackConfig

SERVICES = ("identity", "assessment", "profile", "sharing", "certification")


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def web_argv(service: str) -> list[str]:
    module = "pix_gateway.app" if service == "gateway" else f"pix_{service}.entrypoints.http"
    folder = ROOT / ("gateway" if service == "gateway" else f"services/{service}")
    return [_bin("gunicorn"), "-c", str(folder / "gunicorn.conf.py"), f"{module}:create_app()"]


def worker_argv(service: str) -> list[str]:
    return [sys.executable, "-m", f"pix_{service}.entrypoints.worker"]


def _env(cfg: StackConfig, name: str, port: int) -> dict[str, str]:
    metrics_dir = cfg.var_dir / "metrics" / name
    metrics_dir.mkdir(parents=True, exist_ok=True)
    for stale in metrics_dir.glob("*.db"):
        stale.unlink()  # multiprocess metrics files of a previous run
    return {**cfg.service_env(), "PIX_BIND": f"127.0.0.1:{port}", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}


def start_service(cfg: StackConfig, service: str) -> None:
    port = cfg.service_ports[service]
    procs.start(cfg.run_dir(), cfg.log_dir(), f"{service}-web", web_argv(service), _env(cfg, service, port))
    start_worker(cfg, service)


def start_worker(cfg: StackConfig, service: str) -> None:
    # The worker's relay and consumer metrics (lag, dead letters) on the web port + 100.
    procs.start(cfg.run_dir(), cfg.log_dir(), f"{service}-worker", worker_argv(service),
                {**cfg.service_env(), "PIX_METRICS_PORT": str(cfg.service_ports[service] + 100)})


def stop_worker(cfg: StackConfig, service: str, kill: bool = False) -> None:
    (procs.kill if kill else procs.stop)(cfg.run_dir(), f"{service}-worker")


def start_all(cfg: StackConfig, timeout: float = 60.0) -> None:
    infra.start_store(cfg)
    infra.start_kafka(cfg)
    infra.ensure_topics(cfg)
    for service in SERVICES:
        start_service(cfg, service)
    procs.start(cfg.run_dir(), cfg.log_dir(), "gateway-web", web_argv("gateway"),
                {**_env(cfg, "gateway", cfg.gateway_port),
                 "PIX_INTERNAL_BIND": f"127.0.0.1:{cfg.gateway_internal_port}",
                 "PIX_TRUSTED_PROXIES": ""})  # the gateway trusts its ingress hops (ProxyFix), not these
    for service in SERVICES:
        url = f"http://127.0.0.1:{cfg.service_ports[service]}/ready"
        procs.wait_until(lambda u=url: requests.get(u, timeout=2).status_code == 200, timeout,
                         f"{service}", cfg.log_dir() / f"{service}-web.log")
    # Readiness is on the gateway's internal port only (docs/adr/0007-gateway-edge.md).
    procs.wait_until(lambda: requests.get(cfg.gateway_internal_url + "/ready", timeout=2).status_code == 200,
                     timeout, "gateway", cfg.log_dir() / "gateway-web.log")


def stop_all(cfg: StackConfig) -> None:
    procs.stop(cfg.run_dir(), "gateway-web")
    for service in SERVICES:
        procs.stop(cfg.run_dir(), f"{service}-web")
        procs.stop(cfg.run_dir(), f"{service}-worker")
    infra.stop_infra(cfg)


def status(cfg: StackConfig) -> dict[str, int | None]:
    names = ["store", "kafka", "gateway-web"] + [f"{s}-{k}" for s in SERVICES for k in ("web", "worker")]
    return {name: procs.read_pid(cfg.run_dir(), name) for name in names}


DEMO_ACCOUNT = {"firstName": "Camille", "lastName": "Démo", "email": "camille.demo@pix.local",
                "password": "Demo-Pix-2026"}


def load_demo_data(cfg: StackConfig) -> dict[str, str]:
    """Demo content through the public API, as a person would create it; idempotent."""
    response = api.sign_up(cfg.gateway_url, first_name=DEMO_ACCOUNT["firstName"], last_name=DEMO_ACCOUNT["lastName"],
                           email=DEMO_ACCOUNT["email"], password=DEMO_ACCOUNT["password"])
    if response.status_code not in (201, 409):
        raise procs.StartError(f"demo account refused: {response.status_code} {response.text[:300]}")
    admin = first_admin(cfg)
    try:
        demo.evaluate_competences(cfg.gateway_url, DEMO_ACCOUNT["email"], DEMO_ACCOUNT["password"])
        organizations = demo_sharing.load(cfg.gateway_url, cfg.var_dir / "mail",
                                          (admin["admin_email"], admin["admin_password"]),
                                          (DEMO_ACCOUNT["email"], DEMO_ACCOUNT["password"]),
                                          partial(demo.evaluate_one, cfg.gateway_url))
        certification = demo_certification.load(cfg.gateway_url, cfg.var_dir / "mail",
                                                (admin["admin_email"], admin["admin_password"]), DEMO_ACCOUNT)
    except (RuntimeError, requests.RequestException) as exc:
        raise procs.StartError(str(exc)) from exc
    return {"email": DEMO_ACCOUNT["email"], "password": DEMO_ACCOUNT["password"], **admin, **organizations,
            **certification}


ADMIN_EMAIL = "admin@pix.local"


def first_admin(cfg: StackConfig) -> dict[str, str]:
    """The first super admin, made with identity's operator command. Its password is drawn
    once and kept in var/ (readable by the owner only) so that `make up` can print it again."""
    secret_file = cfg.var_dir / "admin-password"
    if not secret_file.exists():
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.touch(mode=0o600)
        secret_file.write_text(admin_password())
    password = secret_file.read_text().strip()
    done = subprocess.run([sys.executable, "-m", "pix_identity.entrypoints.cli", "create-admin", "--email", ADMIN_EMAIL,
                           "--password", password], env={**os.environ, **cfg.service_env()},
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise procs.StartError(f"first admin refused: {done.stderr[-300:]}")
    return {"admin_email": ADMIN_EMAIL, "admin_password": password}


def admin_password() -> str:
    from pix_identity.entrypoints.cli import generated_password

    return generated_password()
