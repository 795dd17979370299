"""`pixlocal up|down|status|infra-up|infra-down|replay` — what the Makefile calls."""
from __future__ import annotations

import argparse
import sys
import time

from . import infra, platform
from .config import StackConfig, test_stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pixlocal", description="Run the Pix platform on this machine.")
    parser.add_argument("command", choices=["up", "down", "status", "infra-up", "infra-down", "replay"])
    parser.add_argument("--test", action="store_true", help="the test session's stack (other ports, var/test)")
    parser.add_argument("--service", help="with replay: the service whose read models to rebuild")
    args = parser.parse_args(argv)
    cfg = test_stack() if args.test else StackConfig()
    started = time.monotonic()
    if args.command == "up":
        platform.start_all(cfg)
        demo = platform.load_demo_data(cfg)
        print(f"Pix is up in {time.monotonic() - started:.1f}s: {cfg.gateway_url}/  (logs: {cfg.log_dir()})")
        print(f"Gateway metrics and readiness: {cfg.gateway_internal_url}/metrics, /ready")
        print(f"Demo account: {demo['email']} / {demo['password']}")
        print(f"Super admin:  {demo['admin_email']} / {demo['admin_password']}  (kept in {cfg.var_dir}/admin-password)")
        print(f"Organizations' admin (one of each type): {demo['organization_admin_email']} / "
              f"{demo['organization_admin_password']}")
        print(f"Certification center's admin: {demo['center_admin_email']} / {demo['center_admin_password']}; "
              f"platform certification admin (CERTIF): {demo['certif_email']} / {demo['certif_password']}")
        print(f"Certification session ready to take: access code {demo['session_access_code']}, invigilator "
              f"password {demo['session_password']} ({cfg.gateway_url}/surveillant); the demo account joins it "
              f"as Démo Camille, born {demo['candidate_birth_date']}")
    elif args.command == "down":
        platform.stop_all(cfg)
        print("Pix is stopped; data kept under", cfg.var_dir)
    elif args.command == "infra-up":
        infra.start_store(cfg)
        infra.start_kafka(cfg)
        infra.ensure_topics(cfg)
        print(f"broker {cfg.bootstrap}, store {cfg.mongo_uri} ready in {time.monotonic() - started:.1f}s")
    elif args.command == "infra-down":
        infra.stop_infra(cfg)
    elif args.command == "status":
        for name, pid in platform.status(cfg).items():
            print(f"{name:24} {f'running (pid {pid})' if pid else 'stopped'}")
    elif args.command == "replay":
        return _replay(cfg, args.service)
    return 0


def _replay(cfg: StackConfig, service: str | None) -> int:
    if service not in platform.SERVICES:
        print(f"replay needs --service among {', '.join(platform.SERVICES)}", file=sys.stderr)
        return 2
    import os

    from pixkit.cli import main as pix_main

    os.environ.update(cfg.service_env())
    platform.stop_worker(cfg, service)
    try:
        return pix_main(["replay", service])
    finally:
        platform.start_worker(cfg, service)
